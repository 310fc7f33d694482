import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
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
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CHANNELS, CONTACTED_BY, LANGUAGES, REFERRERS, ROUTES, TRANSFER_REJECTIONS } from '@luotsi/contact-intake-domain';

const CODE = /^[a-z0-9][a-z0-9-]{0,59}$/;
const MUNICIPALITY = /^\d{3}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const codeMessage = { message: '$property is a code: a-z, 0-9 and -, up to 60 characters' };

class WindowDto {
  @ApiProperty({ example: 10 }) @IsInt() @Min(1) @Max(1000) count!: number;
  @ApiProperty({ example: 365 }) @IsInt() @Min(1) @Max(732) windowDays!: number;
}

export class PolicyDto {
  @ApiProperty({ example: 30, description: 'Contacts of one person within this many days are linked' })
  @IsInt()
  @Min(0)
  @Max(366)
  linkWindowDays!: number;
  @ApiProperty({ example: 7, description: 'The FCR repeat window in days' }) @IsInt() @Min(1) @Max(366) repeatWindowDays!: number;
  @ApiProperty({ example: 5, description: 'Abandons within this many seconds are short' })
  @IsInt()
  @Min(0)
  @Max(600)
  shortAbandonSeconds!: number;
  @ApiProperty({ example: 20, description: 'Y of service level X/Y' }) @IsInt() @Min(1) @Max(3600) serviceLevelSeconds!: number;
  @ApiProperty({ example: 80, description: 'X of service level X/Y, percent' })
  @IsInt()
  @Min(1)
  @Max(100)
  serviceLevelTargetPercent!: number;
  @ApiProperty({ type: WindowDto }) @IsObject() @ValidateNested() @Type(() => WindowDto) frequentVisits!: WindowDto;
  @ApiProperty({ type: WindowDto, example: { count: 3, windowDays: 30 } })
  @ValidateNested()
  @Type(() => WindowDto)
  missedAppointments!: WindowDto;
}

class DayHoursDto {
  @ApiProperty({ example: '08:00' }) @Matches(TIME) open!: string;
  @ApiProperty({ example: '16:00' }) @Matches(TIME) close!: string;
}

class WeeklyHoursDto {
  @ApiPropertyOptional({ type: DayHoursDto, description: 'Monday' })
  @ValidateIf((o: WeeklyHoursDto) => o['1'] !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => DayHoursDto)
  '1'?: DayHoursDto;
  @ApiPropertyOptional({ type: DayHoursDto })
  @ValidateIf((o: WeeklyHoursDto) => o['2'] !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => DayHoursDto)
  '2'?: DayHoursDto;
  @ApiPropertyOptional({ type: DayHoursDto })
  @ValidateIf((o: WeeklyHoursDto) => o['3'] !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => DayHoursDto)
  '3'?: DayHoursDto;
  @ApiPropertyOptional({ type: DayHoursDto })
  @ValidateIf((o: WeeklyHoursDto) => o['4'] !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => DayHoursDto)
  '4'?: DayHoursDto;
  @ApiPropertyOptional({ type: DayHoursDto })
  @ValidateIf((o: WeeklyHoursDto) => o['5'] !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => DayHoursDto)
  '5'?: DayHoursDto;
  @ApiPropertyOptional({ type: DayHoursDto })
  @ValidateIf((o: WeeklyHoursDto) => o['6'] !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => DayHoursDto)
  '6'?: DayHoursDto;
  @ApiPropertyOptional({ type: DayHoursDto, description: 'Sunday' })
  @ValidateIf((o: WeeklyHoursDto) => o['7'] !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => DayHoursDto)
  '7'?: DayHoursDto;
}

class OpeningHoursDto {
  @ApiProperty({
    type: WeeklyHoursDto,
    description: 'ISO weekday (1 = Monday … 7 = Sunday) → hours on the Helsinki clock; a missing day is closed',
  })
  @IsObject()
  @ValidateNested()
  @Type(() => WeeklyHoursDto)
  weekly!: WeeklyHoursDto;
  @ApiProperty({ example: true, description: 'Closed on Finnish public holidays (and Midsummer Eve, Christmas Eve), computed' })
  @IsBoolean()
  closedOnHolidays!: boolean;
  @ApiProperty({ example: ['2027-07-15'] }) @IsArray() @ArrayMaxSize(366) @Matches(DATE, { each: true }) closedDates!: string[];
}

export class QueueDto {
  @ApiProperty({ example: 'Tampereen seudun ohjaus' }) @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiProperty({ example: ['837', '211'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @Matches(MUNICIPALITY, { each: true })
  municipalities!: string[];
  @ApiProperty({ enum: LANGUAGES }) @IsIn(LANGUAGES) language!: (typeof LANGUAGES)[number];
  @ApiProperty({ example: 'pirkanmaa', description: 'The guidance organisation that handles the queue' })
  @Matches(CODE, codeMessage)
  organisation!: string;
  @ApiProperty({ type: OpeningHoursDto }) @IsObject() @ValidateNested() @Type(() => OpeningHoursDto) openingHours!: OpeningHoursDto;
}

class QuestionTextDto {
  @ApiProperty({ example: 'Pärjäättekö arjessa?' }) @IsString() @MinLength(1) @MaxLength(500) fi!: string;
  @ApiPropertyOptional({ example: 'Klarar ni vardagen?' }) @IsOptional() @IsString() @MaxLength(500) sv?: string;
  @ApiPropertyOptional({ example: 'Do you manage everyday life?' }) @IsOptional() @IsString() @MaxLength(500) en?: string;
}

class QuestionDto {
  @ApiProperty({ example: 'manages-daily-chores' }) @Matches(CODE, codeMessage) id!: string;
  @ApiProperty({ type: QuestionTextDto }) @IsObject() @ValidateNested() @Type(() => QuestionTextDto) text!: QuestionTextDto;
  @ApiProperty({ enum: ['yes-no', 'scale', 'choice', 'number'] }) @IsIn(['yes-no', 'scale', 'choice', 'number']) type!:
    'yes-no' | 'scale' | 'choice' | 'number';
  @ApiProperty() @IsBoolean() required!: boolean;
  @ApiPropertyOptional({ example: ['alone', 'with-family'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(CODE, { each: true })
  options?: string[];
}

export class FormDto {
  @ApiProperty({ type: [QuestionDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => QuestionDto)
  questions!: QuestionDto[];
}

class RuleDto {
  @ApiProperty({ example: 'no-daily-coping' }) @Matches(CODE, codeMessage) id!: string;
  @ApiProperty({ example: 'manages-daily-chores' }) @Matches(CODE, codeMessage) question!: string;
  @ApiProperty({ enum: ['eq', 'gte', 'lte', 'in'] }) @IsIn(['eq', 'gte', 'lte', 'in']) op!: 'eq' | 'gte' | 'lte' | 'in';
  @ApiProperty({ example: false, description: 'A boolean, number or option code (an array of them for `in`)' }) @Allow() value!: unknown;
  @ApiProperty({
    example: { coping: 'hard' },
    description: '{coping: hard}, {risk: high} or {route: advice|service-need-assessment|named-professional|named-service}',
  })
  @IsObject()
  then!: Record<string, unknown>;
  @ApiProperty({ example: 'does not manage daily chores' }) @IsString() @MinLength(1) @MaxLength(300) reason!: string;
}

export class RulesDto {
  @ApiProperty({ example: 1 }) @IsInt() @Min(1) @Max(1_000_000) formVersion!: number;
  @ApiProperty({ type: [RuleDto] }) @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => RuleDto) rules!: RuleDto[];
}

export class AvailabilityDto {
  @ApiProperty({ example: ['fi', 'sv'] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(3) @IsIn(LANGUAGES, { each: true }) languages!: Array<
    (typeof LANGUAGES)[number]
  >;
  @ApiProperty({ example: true }) @IsBoolean() available!: boolean;
}

export class NewContactDto {
  @ApiProperty({ enum: CHANNELS.filter((c) => c !== 'web-form'), description: 'web-form contacts come in through the public form' })
  @IsIn(CHANNELS.filter((c) => c !== 'web-form'))
  channel!: (typeof CHANNELS)[number];
  @ApiProperty({ enum: CONTACTED_BY }) @IsIn(CONTACTED_BY) contactedBy!: (typeof CONTACTED_BY)[number];
  @ApiPropertyOptional({ enum: REFERRERS, nullable: true, description: 'Required when an authority contacts (and for a referral)' })
  @IsOptional()
  @IsIn(REFERRERS)
  referrer?: (typeof REFERRERS)[number] | null;
  @ApiProperty({ enum: LANGUAGES }) @IsIn(LANGUAGES) language!: (typeof LANGUAGES)[number];
  @ApiProperty({ example: '837', description: "The person's municipality" }) @Matches(MUNICIPALITY) municipality!: string;
  @ApiPropertyOptional({ example: 'home-care', description: 'The reason code (the FCR repeat is the same person for the same reason)' })
  @IsOptional()
  @Matches(CODE, codeMessage)
  reason?: string | null;
  @ApiPropertyOptional({
    example: '131052-308T',
    description: 'The person, when they identify themselves: resolved to a personRef and never stored',
  })
  @IsOptional()
  @IsString()
  @MaxLength(11)
  identityCode?: string;
}

export class AskForHelpDto {
  @ApiProperty({ example: '837' }) @Matches(MUNICIPALITY) municipality!: string;
  @ApiProperty({ enum: LANGUAGES }) @IsIn(LANGUAGES) language!: (typeof LANGUAGES)[number];
  @ApiProperty({ enum: ['person', 'relative'] }) @IsIn(['person', 'relative']) contactedBy!: 'person' | 'relative';
  @ApiProperty({
    example: 'Äitini ei enää pärjää kotona, mistä saa apua?',
    description: 'Free text: kept private in the service, never published',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  message!: string;
  @ApiPropertyOptional({ example: '+358 40 123 4567', description: 'How to reach the sender (private, never published)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  contactBack?: string;
  @ApiProperty({
    example: 1,
    description: 'The version of the privacy notice the sender read (GET /contact-intake/ask-for-help/privacy-notice)',
  })
  @IsInt()
  @Min(1)
  @Max(1000)
  privacyNoticeVersion!: number;
}

export class IdentifyDto {
  @ApiProperty({ example: '131052-308T', description: 'Resolved to a personRef at the edge; never stored in the contact' })
  @IsString()
  @MaxLength(11)
  identityCode!: string;
}

export class ScreeningDto {
  @ApiProperty({
    example: { 'manages-daily-chores': false, 'worry-scale': 8 },
    description: 'Question id → answer (boolean, 0–10, number or option code)',
  })
  @IsObject()
  answers!: Record<string, boolean | number | string>;
}

export class NoteDto {
  @ApiProperty({ example: 'Soitettu takaisin, tytär paikalla.', description: 'Private to the service' })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  text!: string;
}

export class ClosureDto {
  @ApiProperty({ enum: ['resolved', 'routed', 'decided'] }) @IsIn(['resolved', 'routed', 'decided']) outcome!:
    'resolved' | 'routed' | 'decided';
  @ApiPropertyOptional({ example: 'housing-benefit', description: 'resolved: the advice category given' })
  @IsOptional()
  @Matches(CODE, codeMessage)
  adviceCategory?: string;
  @ApiPropertyOptional({ enum: ROUTES, description: 'routed: where to' }) @IsOptional() @IsIn(ROUTES) route?: (typeof ROUTES)[number];
  @ApiPropertyOptional({
    example: 'Velkaneuvonta',
    nullable: true,
    description: "routed: the named professional's or service's id or name",
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  destination?: string | null;
  @ApiPropertyOptional({
    example: 'sosiaaliohjaus-aikuiset-puhelin',
    nullable: true,
    description: "routed to a named service: the catalogue's channel of that service the person was sent to",
  })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9._-]{0,99}$/, { message: 'channelId is a catalogue channel id' })
  channelId?: string | null;
  @ApiPropertyOptional({ example: 'home-care-granted', description: 'decided: the decision (an authority only, never a guide)' })
  @IsOptional()
  @Matches(CODE, codeMessage)
  decision?: string;
}

export class TransferDto {
  @ApiProperty({ example: 'raisio', description: "The receiving municipality's guidance organisation" })
  @Matches(CODE, codeMessage)
  toOrganisation!: string;
  @ApiProperty({ example: '680' }) @Matches(MUNICIPALITY) toMunicipality!: string;
}

export class RejectionDto {
  @ApiProperty({ enum: TRANSFER_REJECTIONS }) @IsIn(TRANSFER_REJECTIONS) reason!: (typeof TRANSFER_REJECTIONS)[number];
}

export class OtherContactDto {
  @ApiProperty({ example: '7a2d3b0f-4c8e-4f32-8b6d-1e9f5a8c2b34' })
  @Matches(UUID, { message: 'otherContactId is a contact id' })
  otherContactId!: string;
}

export const CONTACT_ID = UUID;
