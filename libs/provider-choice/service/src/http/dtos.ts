import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CHANNELS, LANGUAGES, PREVIOUS_MAIN_USES, PROVIDER_KINDS, SERVICE_LINES, SWITCH_REASONS } from '@luotsi/provider-choice-domain';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class StationDto {
  @ApiProperty({ example: 'mehilainen-hervanta' }) @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/) stationId!: string;
  @ApiProperty({ example: 'Mehiläinen Hervanta' }) @IsString() @MaxLength(200) name!: string;
  @ApiProperty({ example: 'Insinöörinkatu 23' }) @IsString() @MaxLength(200) streetAddress!: string;
  @ApiProperty({ example: '33720' }) @Matches(/^\d{5}$/) postalCode!: string;
  @ApiProperty({ example: '837', description: 'Statistics Finland municipality code' }) @Matches(/^\d{3}$/) municipalityCode!: string;
  @ApiProperty({ example: ['fi', 'en'], enum: LANGUAGES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(LANGUAGES, { each: true })
  languages!: Array<(typeof LANGUAGES)[number]>;
  @ApiProperty({ example: ['primary-care-reception', 'physiotherapy'], enum: SERVICE_LINES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(SERVICE_LINES, { each: true })
  services!: Array<(typeof SERVICE_LINES)[number]>;
  @ApiProperty({ example: 'Mon–Fri 8–18' }) @IsString() @MaxLength(500) openingHours!: string;
  @ApiProperty({ example: 'step-free entrance, induction loop' }) @IsString() @MaxLength(500) accessibility!: string;
}

export class RegisterProviderDto {
  @ApiProperty({ example: 'mehilainen' }) @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/) providerId!: string;
  @ApiProperty({ example: '1927400-1', description: 'Finnish business ID with its check digit' }) @IsString() businessId!: string;
  @ApiProperty({ example: 'Mehiläinen Oy' }) @IsString() @MaxLength(200) name!: string;
  @ApiProperty({ enum: PROVIDER_KINDS, example: 'private', description: "The county's own stations are providers of kind public" })
  @IsIn(PROVIDER_KINDS)
  kind!: (typeof PROVIDER_KINDS)[number];
  @ApiProperty({ type: [StationDto] })
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => StationDto)
  stations!: StationDto[];
}

export class UpdateProviderDto {
  @ApiProperty({ example: 'Mehiläinen Oy' }) @IsString() @MaxLength(200) name!: string;
  @ApiProperty({ type: [StationDto] })
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => StationDto)
  stations!: StationDto[];
}

export class FromDateDto {
  @ApiProperty({ example: '2027-01-01' }) @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' }) from!: string;
}

export class FromDateWithReasonDto extends FromDateDto {
  @ApiProperty({ example: 'contract ended' }) @IsString() @MaxLength(500) reason!: string;
}

export class AreaPostalCodeDto {
  @ApiProperty({ example: '33710' }) @Matches(/^\d{5}$/) postalCode!: string;
  @ApiProperty({ example: 'hervanta' }) @IsString() defaultStationId!: string;
}

export class ChoiceAreaDto {
  @ApiProperty({ type: [AreaPostalCodeDto] })
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => AreaPostalCodeDto)
  postalCodes!: AreaPostalCodeDto[];
  @ApiProperty({ example: 3, description: 'Months between chosen listings (three in the Tampere pilot)' })
  @IsInt()
  @Min(1)
  @Max(24)
  switchPeriodMonths!: number;
}

export class PersonLookupDto {
  @ApiProperty({
    example: '131052-308T',
    description: 'Personal identity code; sent in the body so it never appears in a URL or access log',
  })
  @IsString()
  @MaxLength(20)
  identityCode!: string;
}

export class SwitchRequestDto {
  @ApiProperty({ example: 'mehilainen-hervanta' }) @IsString() stationId!: string;
  @ApiPropertyOptional({ example: '2027-01-01', description: 'A later month start; default: the first day of the next month' })
  @IsOptional()
  @Matches(DATE)
  effectiveFrom?: string;
  @ApiProperty({ enum: CHANNELS, example: 'portal' }) @IsIn(CHANNELS) channel!: (typeof CHANNELS)[number];
  @ApiProperty({ enum: SWITCH_REASONS, example: 'good-location' }) @IsIn(SWITCH_REASONS) reason!: (typeof SWITCH_REASONS)[number];
  @ApiPropertyOptional({ example: 'close to my daughter', description: 'Required when reason is other' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reasonText?: string;
  @ApiPropertyOptional({ enum: PREVIOUS_MAIN_USES, example: 'health-centre' })
  @IsOptional()
  @IsIn(PREVIOUS_MAIN_USES)
  previousMainUse?: (typeof PREVIOUS_MAIN_USES)[number];
  @ApiPropertyOptional({ example: false, description: 'Replace a pending switch instead of being refused with SWITCH_PENDING' })
  @IsOptional()
  @IsBoolean()
  replacePending?: boolean;
}
