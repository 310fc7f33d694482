import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

const MONTH_START = /^\d{4}-\d{2}-01$/;

export class SexFactorsDto {
  @ApiProperty({ example: 1 }) @IsNumber() male!: number;
  @ApiProperty({ example: 1 }) @IsNumber() female!: number;
}

export class CapitationRatesDto {
  @ApiProperty({ example: '2027-01-01' })
  @Matches(MONTH_START, { message: 'validFrom must be the first day of a month' })
  validFrom!: string;
  @ApiProperty({
    example: { '0-6': 60000, '7-17': 36000, '18-64': 30000, '65-74': 48000, '75-84': 72000, '85+': 96000 },
    description: 'Annual cents per age band (EXAMPLE values)',
  })
  @IsObject()
  annualCentsByAgeBand!: Record<string, number>;
  @ApiPropertyOptional({ type: SexFactorsDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => SexFactorsDto)
  sexFactors?: SexFactorsDto | null;
  @ApiPropertyOptional({ example: {}, description: 'personRef → need coefficient' }) @IsOptional() @IsObject() needCoefficients?: Record<
    string,
    number
  >;
}

export class ServiceFeesDto {
  @ApiProperty({ example: '2027-01-01' })
  @Matches(MONTH_START, { message: 'validFrom must be the first day of a month' })
  validFrom!: string;
  @ApiProperty({
    example: {
      'doctor-visit': 4500,
      'nurse-visit': 2500,
      'physiotherapy-session': 3500,
      'mental-health-substance-visit': 4000,
      'social-guidance-meeting': 3000,
    },
  })
  @IsObject()
  centsByServiceType!: Record<string, number>;
}

export class ClientFeesDto extends ServiceFeesDto {
  @ApiProperty({
    example: {
      'doctor-visit': true,
      'nurse-visit': true,
      'physiotherapy-session': true,
      'mental-health-substance-visit': true,
      'social-guidance-meeting': false,
    },
  })
  @IsObject()
  countsTowardCap!: Record<string, boolean>;
  @ApiProperty({ example: 81500, description: 'The statutory annual cap: €815 in 2026' }) @IsInt() @Min(1) annualCapCents!: number;
}

export class ServiceRowDto {
  @ApiProperty({ example: 'M-2027-000123', description: "The provider's own id; a row reported again with it changes nothing" })
  @IsString()
  @MaxLength(100)
  providerSideId!: string;
  @ApiProperty({ example: '131052-308T', description: 'Resolved to a personRef by the person registry; never stored in an event' })
  @IsString()
  @MaxLength(20)
  identityCode!: string;
  @ApiProperty({ example: 'doctor-visit' }) @IsString() serviceType!: string;
  @ApiProperty({ example: '2027-03-09' }) @IsString() date!: string;
  @ApiProperty({ example: 'mehilainen-hervanta' }) @IsString() stationId!: string;
  @ApiPropertyOptional({ example: false }) @IsOptional() @IsBoolean() noShow?: boolean;
}

export class ServiceReportDto {
  @ApiProperty({ type: [ServiceRowDto] })
  @IsArray()
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => ServiceRowDto)
  rows!: ServiceRowDto[];
}

export class RunSettlementDto {
  @ApiPropertyOptional({ example: ['mehilainen'], description: 'Default: every provider' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  providerIds?: string[];
}
