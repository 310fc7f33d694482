import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  AVAIN_DOMAINS,
  CARE_PURPOSES,
  GOAL_STATUSES,
  PLAN_STATUSES,
  SECTIONS,
  SECTORS,
  SEGMENTS,
  SENSITIVITY_CLASSES,
  SERVICE_STATUSES,
} from '@luotsi/client-plans-domain';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

export class WorkerDto {
  @ApiProperty({ example: 'f3b1…', description: "the worker's account subject" }) @IsString() @Matches(ID) subject!: string;
  @ApiProperty({ example: 'Paula Planworker' }) @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiProperty({ example: 'pirkanmaa' }) @IsString() @MinLength(1) @MaxLength(200) organisation!: string;
}

export class CreatePlanDto {
  @ApiPropertyOptional({ example: '837', nullable: true }) @IsOptional() @IsString() @Matches(/^\d{3}$/) municipality?: string | null;
  @ApiPropertyOptional({ enum: SEGMENTS, nullable: true }) @IsOptional() @IsIn(SEGMENTS) segment?: string | null;
  @ApiProperty({ example: 'pirkanmaa' }) @IsString() @MinLength(1) @MaxLength(200) responsibleOrganisation!: string;
  @ApiPropertyOptional({ type: WorkerDto, description: 'the omatyöntekijä; the creator when left out' })
  @IsOptional()
  @ValidateNested()
  @Type(() => WorkerDto)
  responsibleWorker?: WorkerDto;
  @ApiProperty({ enum: CARE_PURPOSES, description: "the creator's purpose in the care team" }) @IsIn(CARE_PURPOSES) purpose!: string;
}

export class FactorDto {
  @ApiProperty({ enum: AVAIN_DOMAINS }) @IsIn(AVAIN_DOMAINS) domain!: string;
  @ApiProperty({ example: 'Lives alone; rent arrears since the summer' }) @IsString() @MinLength(1) @MaxLength(2000) description!: string;
}

export class SituationDto {
  @ApiProperty({ type: [FactorDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => FactorDto)
  situation!: FactorDto[];
}

export class ParticipationDto {
  @ApiProperty({ example: 'In a meeting with the client and their daughter' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  howParticipated!: string;
  @ApiProperty({ example: 'Weekly job coaching; a housing application' }) @IsString() @MinLength(1) @MaxLength(2000) agreedTo!: string;
  @ApiPropertyOptional({ example: 'I want to manage on my own' }) @IsOptional() @IsString() @MaxLength(2000) clientView?: string;
}

export class FollowUpDatesDto {
  @ApiProperty({ example: ['2027-04-15', '2027-07-15'] })
  @IsArray()
  @ArrayMaxSize(24)
  @Matches(DATE, { each: true })
  followUpDates!: string[];
}

export class LevelsDto {
  @ApiProperty({ name: '-2' }) @IsString() @MinLength(1) @MaxLength(500) '-2'!: string;
  @ApiProperty({ name: '-1' }) @IsString() @MinLength(1) @MaxLength(500) '-1'!: string;
  @ApiProperty({ name: '0' }) @IsString() @MinLength(1) @MaxLength(500) '0'!: string;
  @ApiProperty({ name: '1' }) @IsString() @MinLength(1) @MaxLength(500) '1'!: string;
  @ApiProperty({ name: '2' }) @IsString() @MinLength(1) @MaxLength(500) '2'!: string;
}

export class GoalDto {
  @ApiProperty({ example: 'work' }) @IsString() @Matches(ID) goalId!: string;
  @ApiProperty({ enum: AVAIN_DOMAINS }) @IsIn(AVAIN_DOMAINS) domain!: string;
  @ApiProperty({ example: 'I want a job' }) @IsString() @MinLength(1) @MaxLength(2000) clientWords!: string;
  @ApiProperty({ example: 'Job search with a coach, two applications a month' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  workerWords!: string;
  @ApiProperty({ example: 1 }) @IsNumber() @Min(0.01) @Max(100) weight!: number;
  @ApiProperty({ type: LevelsDto }) @IsObject() @ValidateNested() @Type(() => LevelsDto) levels!: LevelsDto;
  @ApiPropertyOptional({ example: -1, description: 'the level at set-up: -2, -1 or 0' })
  @IsOptional()
  @IsInt()
  @Min(-2)
  @Max(0)
  baselineLevel?: number;
}

export class GoalStatusDto {
  @ApiProperty({ enum: GOAL_STATUSES }) @IsIn(GOAL_STATUSES) status!: string;
}

export class FollowUpDto {
  @ApiProperty({ example: 1, minimum: -2, maximum: 2 }) @IsInt() @Min(-2) @Max(2) level!: number;
  @ApiPropertyOptional({ example: '2027-04-15', description: 'today when left out' }) @IsOptional() @Matches(DATE) on?: string;
}

export class ServiceDto {
  @ApiProperty({ example: 'coaching' }) @IsString() @Matches(ID) serviceId!: string;
  @ApiProperty({ enum: SECTORS }) @IsIn(SECTORS) sector!: string;
  @ApiProperty({ example: 'Job coaching' }) @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiProperty({ example: 'TE-palvelut' }) @IsString() @MinLength(1) @MaxLength(200) organisation!: string;
  @ApiProperty({ example: 'Coach Kaisa' }) @IsString() @MinLength(1) @MaxLength(200) responsibleWorker!: string;
  @ApiProperty({ example: '2027-02-01' }) @Matches(DATE) start!: string;
  @ApiPropertyOptional({ example: '2027-06-30', nullable: true }) @IsOptional() @Matches(DATE) end?: string | null;
  @ApiPropertyOptional({ enum: SERVICE_STATUSES, description: 'planned when left out' })
  @IsOptional()
  @IsIn(SERVICE_STATUSES)
  status?: string;
}

export class ServiceStatusDto {
  @ApiProperty({ enum: SERVICE_STATUSES }) @IsIn(SERVICE_STATUSES) status!: string;
  @ApiPropertyOptional({ example: '2027-06-30', nullable: true }) @IsOptional() @Matches(DATE) end?: string | null;
}

export class ResponsibleWorkerDto {
  @ApiProperty({ type: WorkerDto }) @ValidateNested() @Type(() => WorkerDto) responsibleWorker!: WorkerDto;
  @ApiProperty({ example: 'pirkanmaa' }) @IsString() @MinLength(1) @MaxLength(200) responsibleOrganisation!: string;
}

export class CareTeamMemberDto {
  @ApiProperty({ example: 'a1b2…' }) @IsString() @Matches(ID) subject!: string;
  @ApiProperty({ example: 'Nurse Niina' }) @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiProperty({ example: 'nurse' }) @IsString() @MinLength(1) @MaxLength(200) role!: string;
  @ApiProperty({ example: 'pirkanmaa' }) @IsString() @MinLength(1) @MaxLength(200) organisation!: string;
  @ApiProperty({ enum: CARE_PURPOSES }) @IsIn(CARE_PURPOSES) purpose!: string;
  @ApiPropertyOptional({ example: '2027-01-15', description: 'today when left out' }) @IsOptional() @Matches(DATE) validFrom?: string;
  @ApiPropertyOptional({ example: null, nullable: true }) @IsOptional() @Matches(DATE) validTo?: string | null;
}

export class EndMembershipDto {
  @ApiPropertyOptional({ example: '2027-03-31', description: 'today when left out' }) @IsOptional() @Matches(DATE) validTo?: string;
}

export class PlanStatusDto {
  @ApiProperty({ enum: PLAN_STATUSES }) @IsIn(PLAN_STATUSES) status!: string;
  @ApiPropertyOptional({ example: 'client moved away', nullable: true }) @IsOptional() @IsString() @MaxLength(500) reason?: string | null;
}

export class BreakTheGlassDto {
  @ApiProperty({ example: 'Client brought in unconscious; the plan is needed for care now', minLength: 10 })
  @IsString()
  @MinLength(10)
  @MaxLength(500)
  reason!: string;
  @ApiPropertyOptional({ enum: SECTIONS, isArray: true }) @IsOptional() @IsArray() @IsIn(SECTIONS, { each: true }) sections?: string[];
}

export class AccessRuleDto {
  @ApiProperty({ enum: ['plan-worker', 'guidance'] }) @IsIn(['plan-worker', 'guidance']) role!: string;
  @ApiProperty({ enum: CARE_PURPOSES }) @IsIn(CARE_PURPOSES) purpose!: string;
  @ApiProperty({ enum: SENSITIVITY_CLASSES, isArray: true })
  @IsArray()
  @ArrayMaxSize(5)
  @IsIn(SENSITIVITY_CLASSES, { each: true })
  classes!: string[];
}

export class GuideDto {
  @ApiProperty() @IsString() @Matches(ID) subject!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name!: string;
}

export class PlanConfigurationDto {
  @ApiProperty({
    example: {
      plan: 'basic',
      situation: 'social',
      goals: 'social',
      services: 'social',
      health: 'health',
      'substance-use': 'substance-use',
      employment: 'employment',
    },
  })
  @IsObject()
  sectionClasses!: Record<string, string>;
  @ApiProperty({ type: [AccessRuleDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => AccessRuleDto)
  rules!: AccessRuleDto[];
  @ApiPropertyOptional({ example: '0.3', description: 'GAS ρ, 0.3 when left out' })
  @IsOptional()
  @IsString()
  @Matches(/^0(\.\d{1,4})?$/)
  rho?: string;
  @ApiPropertyOptional({ type: GuideDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => GuideDto)
  intensiveGuide?: GuideDto | null;
}

export class FamilyDto {
  @ApiProperty({ example: 'fam-2027-001' }) @IsString() @Matches(ID) familyId!: string;
  @ApiProperty({ example: ['per_…', 'per_…'] })
  @IsArray()
  @ArrayMaxSize(12)
  @IsString({ each: true })
  @Matches(/^per_[a-z0-9-]{26,36}$/, { each: true })
  members!: string[];
}
