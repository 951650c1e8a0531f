import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { GEMEENTE_CODE_PATTERN } from '../../../domain/shared/begrippen';
import { Genest, Keuze, Lijst, Optioneel, OptioneelOfNull, Verplicht } from '../../../http/dto-rules';
import { IsBedrag, IsCode, IsDatum, IsTekst } from '../../../http/validation';
import { BesluitDto } from '../../shared-dto';

export class GemeenteRegistrerenDto {
  @ApiProperty({ example: 'GM0193', description: 'CBS-code' })
  @Verplicht()
  @Matches(GEMEENTE_CODE_PATTERN, { message: 'moet een CBS-code zijn: GM gevolgd door vier cijfers' })
  code!: string;

  @ApiProperty({ example: 'Zwolle' })
  @Verplicht()
  @IsTekst(200)
  naam!: string;
}

export class InstellingenDto {
  @ApiProperty({ example: '100000.00', description: 'Drempel voor een verplichte toelichting (bedrag)' })
  @Verplicht()
  @IsBedrag()
  drempelBedrag!: string;

  @ApiPropertyOptional({ type: String, example: '10.0', nullable: true, description: 'Drempel als percentage van het begrote bedrag; null is geen' })
  @OptioneelOfNull()
  @Matches(/^\d{1,3}(\.\d)?$/, { message: 'moet een percentage zijn met hoogstens één decimaal, bijvoorbeeld "10.0"' })
  drempelPercentage?: string | null;
}

export class DoelDto {
  @ApiProperty({ example: '2.3.1' })
  @Verplicht()
  @IsCode()
  code!: string;

  @ApiProperty({ example: 'Toegang jeugdhulp' })
  @Verplicht()
  @IsTekst(300)
  naam!: string;

  @ApiPropertyOptional({ example: '2.3', description: 'Programma; standaard de code zonder het laatste deel' })
  @Optioneel()
  @IsCode()
  programma?: string;
}

export class DoelenDto {
  @ApiProperty({ type: [DoelDto] })
  @Verplicht()
  @Lijst(1, 2000)
  @Genest(() => DoelDto, true)
  doelen!: DoelDto[];
}

export class ReserveInstellenDto {
  @ApiProperty({ example: 'RES-HERSTEL' })
  @Verplicht()
  @IsCode()
  code!: string;

  @ApiProperty({ example: 'Reserve sociaal herstelplan' })
  @Verplicht()
  @IsTekst(300)
  naam!: string;

  @ApiProperty({ enum: ['algemeen', 'bestemming'] })
  @Verplicht()
  @Keuze(['algemeen', 'bestemming'])
  soort!: 'algemeen' | 'bestemming';

  @ApiProperty({ example: '1500000.00' })
  @Verplicht()
  @IsBedrag()
  beginsaldo!: string;

  @ApiProperty({ format: 'date', example: '2022-01-01' })
  @Verplicht()
  @IsDatum()
  peildatum!: string;
}

export class KredietVerlenenDto {
  @ApiProperty({ example: 'KR-PROEFTUIN' })
  @Verplicht()
  @IsCode()
  code!: string;

  @ApiProperty({ example: 'Proeftuin Jeugd' })
  @Verplicht()
  @IsTekst(300)
  naam!: string;

  @ApiProperty({ example: '2.3.1' })
  @Verplicht()
  @IsCode()
  doel!: string;

  @ApiProperty({ example: '875000.00' })
  @Verplicht()
  @IsBedrag()
  omvang!: string;

  @ApiProperty({ type: BesluitDto })
  @Verplicht()
  @Genest(() => BesluitDto)
  besluit!: BesluitDto;
}

export class KredietWijzigenDto {
  @ApiProperty({ example: '-25000.00', description: 'Verhoging (positief) of verlaging (negatief) van de omvang' })
  @Verplicht()
  @IsBedrag()
  bedrag!: string;

  @ApiProperty({ type: BesluitDto })
  @Verplicht()
  @Genest(() => BesluitDto)
  besluit!: BesluitDto;
}

export class BalanssaldoDto {
  @ApiProperty({ format: 'date', example: '2024-12-31' })
  @Verplicht()
  @IsDatum()
  datum!: string;

  @ApiProperty({ example: '25000.00' })
  @Verplicht()
  @IsBedrag()
  saldo!: string;
}
