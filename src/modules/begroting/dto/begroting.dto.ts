import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { VeldFout } from '../../../domain/shared/domain-error';
import { isBedrag } from '../../../shared/money';
import { Genest, JaNee, Keuze, keuzeMelding, Lijst, Optioneel, Verplicht } from '../../../http/dto-rules';
import { BEDRAG_MELDING, CODE_MELDING, IsBedrag, IsCode, IsDatum, IsTekst, isCode, MAX_VELDFOUTEN } from '../../../http/validation';
import { BesluitDto, ReserveBedragDto } from '../../shared-dto';

const KOLOMMEN = ['lasten', 'baten', 'toevoegingReserves', 'onttrekkingReserves'] as const;

export class VaststellingRegelDto {
  @ApiProperty({ example: '2.3.1' })
  @Verplicht()
  @IsCode()
  doel!: string;

  @ApiProperty({ example: '2852268.00' })
  @Verplicht()
  @IsBedrag()
  lasten!: string;

  @ApiProperty({ example: '0.00' })
  @Verplicht()
  @IsBedrag()
  baten!: string;

  @ApiProperty({ type: [ReserveBedragDto] })
  @Verplicht()
  @Lijst(0, 100)
  @Genest(() => ReserveBedragDto, true)
  toevoegingReserves!: ReserveBedragDto[];

  @ApiProperty({ type: [ReserveBedragDto] })
  @Verplicht()
  @Lijst(0, 100)
  @Genest(() => ReserveBedragDto, true)
  onttrekkingReserves!: ReserveBedragDto[];
}

export class VaststellingDto {
  @ApiProperty({ type: BesluitDto })
  @Verplicht()
  @Genest(() => BesluitDto)
  besluit!: BesluitDto;

  @ApiProperty({ type: [VaststellingRegelDto] })
  @Verplicht()
  @Lijst(1)
  @Genest(() => VaststellingRegelDto, true)
  regels!: VaststellingRegelDto[];
}

export class ProjectmutatieDto {
  @ApiProperty({ example: 'KR-PROEFTUIN' })
  @Verplicht()
  @IsCode()
  krediet!: string;

  @ApiProperty({ example: '2.3.1' })
  @Verplicht()
  @IsCode()
  doel!: string;

  @ApiProperty({ example: '234989.00' })
  @Verplicht()
  @IsBedrag()
  bedrag!: string;

  @ApiPropertyOptional({ example: 'RES-PROJ' })
  @Optioneel()
  @IsCode()
  reserve?: string;

  @ApiProperty({ format: 'date', example: '2022-12-31' })
  @Verplicht()
  @IsDatum()
  datum!: string;
}

export class WijzigingRegelDto {
  @ApiProperty({ example: '2.3.1' })
  @Verplicht()
  @IsCode()
  doel!: string;

  @ApiProperty({ enum: KOLOMMEN })
  @Verplicht()
  @Keuze(KOLOMMEN)
  kolom!: (typeof KOLOMMEN)[number];

  @ApiProperty({ example: '-1184176.00' })
  @Verplicht()
  @IsBedrag()
  bedrag!: string;

  @ApiPropertyOptional({ example: 'RES-HERSTEL' })
  @Optioneel()
  @IsCode()
  reserve?: string;
}

export class OnderdeelDto {
  @ApiProperty({ example: 'Extra loonindexatie Jeugdwet en WMO' })
  @Verplicht()
  @IsTekst(500)
  titel!: string;

  @ApiProperty()
  @Verplicht()
  @JaNee()
  budgettairNeutraal!: boolean;

  @ApiProperty({ enum: ['incidenteel', 'structureel'] })
  @Verplicht()
  @Keuze(['incidenteel', 'structureel'])
  aard!: 'incidenteel' | 'structureel';

  @ApiPropertyOptional()
  @Optioneel()
  @IsTekst(10000)
  toelichting?: string;

  @ApiProperty({ type: [WijzigingRegelDto] })
  @Verplicht()
  @Lijst(1)
  @Genest(() => WijzigingRegelDto, true)
  regels!: WijzigingRegelDto[];
}

export class WijzigingDto {
  @ApiProperty({ example: 'Berap 2022-1' })
  @Verplicht()
  @IsTekst(200)
  kenmerk!: string;

  @ApiProperty({ type: BesluitDto })
  @Verplicht()
  @Genest(() => BesluitDto)
  besluit!: BesluitDto;

  @ApiProperty({ type: [OnderdeelDto] })
  @Verplicht()
  @Lijst(1, 500)
  @Genest(() => OnderdeelDto, true)
  onderdelen!: OnderdeelDto[];
}

const REALISATIE_KOLOMMEN = ['lasten', 'baten'] as const;

export class RealisatieRegelDto {
  @ApiProperty({ example: '2.3.1' })
  @Verplicht()
  @IsCode()
  doel!: string;

  @ApiProperty({ enum: REALISATIE_KOLOMMEN })
  @Verplicht()
  @Keuze(REALISATIE_KOLOMMEN)
  kolom!: 'lasten' | 'baten';

  @ApiProperty({ example: '1961775.00' })
  @Verplicht()
  @IsBedrag()
  bedrag!: string;
}

/**
 * The rules of RealisatieRegelDto, checked line by line without class-validator: a realisatie import
 * may have 200,000 lines, and class-validator spent ~15 kB of garbage on each (1.5 GB for 100,000 lines,
 * sampling heap profiler), which pushed the service past its memory target. Same predicates, same
 * messages, same field paths (`regels[i].doel`); a spec holds both to the same answers.
 */
export function realisatieRegelFouten(regels: readonly { doel: unknown; kolom: unknown; bedrag: unknown }[]): VeldFout[] {
  const fouten: VeldFout[] = [];
  const meld = (veld: string, melding: string) => fouten.push({ veld, melding: `${veld} ${melding}` });
  for (let index = 0; index < regels.length && fouten.length < MAX_VELDFOUTEN; index++) {
    const { doel, kolom, bedrag } = regels[index];
    if (!isCode(doel)) meld(`regels[${index}].doel`, CODE_MELDING);
    if (!(REALISATIE_KOLOMMEN as readonly unknown[]).includes(kolom)) meld(`regels[${index}].kolom`, keuzeMelding(REALISATIE_KOLOMMEN));
    if (!isBedrag(bedrag)) meld(`regels[${index}].bedrag`, BEDRAG_MELDING);
  }
  return fouten.slice(0, MAX_VELDFOUTEN);
}

export class RealisatieDto {
  @ApiProperty({ format: 'date', example: '2022-12-31' })
  @Verplicht()
  @IsDatum()
  datum!: string;

  @ApiPropertyOptional({ example: 'Jaarrekening 2022' })
  @Optioneel()
  @IsTekst(200)
  kenmerk?: string;

  @ApiProperty({ type: [RealisatieRegelDto] })
  @Verplicht()
  @Lijst(1)
  @Genest(() => RealisatieRegelDto, true)
  regels!: RealisatieRegelDto[];
}

export class ReservemutatieDto {
  @ApiProperty({ example: 'RES-HERSTEL' })
  @Verplicht()
  @IsCode()
  reserve!: string;

  @ApiProperty({ example: '2.3.1' })
  @Verplicht()
  @IsCode()
  doel!: string;

  @ApiProperty({ enum: ['toevoeging', 'onttrekking'] })
  @Verplicht()
  @Keuze(['toevoeging', 'onttrekking'])
  soort!: 'toevoeging' | 'onttrekking';

  @ApiProperty({ example: '104807.00' })
  @Verplicht()
  @IsBedrag()
  bedrag!: string;

  @ApiProperty({ format: 'date', example: '2022-12-31' })
  @Verplicht()
  @IsDatum()
  datum!: string;
}

export class ToelichtingDto {
  @ApiProperty({ example: '2.3.1' })
  @Verplicht()
  @IsCode()
  doel!: string;

  @ApiPropertyOptional({ enum: KOLOMMEN })
  @Optioneel()
  @Keuze(KOLOMMEN)
  kolom?: (typeof KOLOMMEN)[number];

  @ApiProperty({ example: 'Niet benutte capaciteit is niet onttrokken aan de reserve.' })
  @Verplicht()
  @IsTekst(10000)
  tekst!: string;
}

export class JaarrekeningDto {
  @ApiProperty({ type: BesluitDto })
  @Verplicht()
  @Genest(() => BesluitDto)
  besluit!: BesluitDto;
}

export class CorrectieRegelDto extends WijzigingRegelDto {}

export class CorrectieDto {
  @ApiProperty({ format: 'uuid', description: 'eventId van het gecorrigeerde event' })
  @Verplicht()
  @IsTekst(36)
  corrigeert!: string;

  @ApiProperty({ example: 'Dubbel geboekte factuur' })
  @Verplicht()
  @IsTekst(2000)
  reden!: string;

  @ApiPropertyOptional({ format: 'date', example: '2023-08-01' })
  @Optioneel()
  @IsDatum()
  datum?: string;

  @ApiProperty({ type: [CorrectieRegelDto] })
  @Verplicht()
  @Lijst(1)
  @Genest(() => CorrectieRegelDto, true)
  regels!: CorrectieRegelDto[];
}
