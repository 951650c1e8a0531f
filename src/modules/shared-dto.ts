import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBedrag, IsCode, IsDatum, IsTekst } from '../http/validation';
import { Keuze, Optioneel, Verplicht } from '../http/dto-rules';

export class BesluitDto {
  @ApiProperty({ format: 'date', example: '2021-11-08', description: 'Datum van het besluit (JJJJ-MM-DD)' })
  @Verplicht()
  @IsDatum()
  datum!: string;

  @ApiProperty({ enum: ['raad', 'college'] })
  @Verplicht()
  @Keuze(['raad', 'college'])
  orgaan!: 'raad' | 'college';

  @ApiPropertyOptional({ example: 'Begroting 2022', description: 'Kenmerk van het besluit' })
  @Optioneel()
  @IsTekst(200)
  kenmerk?: string;
}

export class ReserveBedragDto {
  @ApiProperty({ example: 'RES-HERSTEL' })
  @Verplicht()
  @IsCode()
  reserve!: string;

  @ApiProperty({ example: '292500.00', pattern: '^-?\\d{1,13}(\\.\\d{1,2})?$' })
  @Verplicht()
  @IsBedrag()
  bedrag!: string;
}

export const BEDRAG_SCHEMA = { type: 'string', pattern: '^-?\\d{1,13}(\\.\\d{1,2})?$', example: '2852268.00' } as const;
