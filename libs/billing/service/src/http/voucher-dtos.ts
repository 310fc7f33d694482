import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CHOICE_CHANNELS, PRODUCER_OWNERSHIPS, VOUCHER_SERVICES } from '@luotsi/billing-domain';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class VoucherTypeDto {
  @ApiProperty({ example: '2027-01-01', description: 'The first day of a month' }) @IsString() validFrom!: string;
  @ApiProperty({ enum: VOUCHER_SERVICES, example: 'physiotherapy-series' }) @IsString() service!: string;
  @ApiProperty({ example: 'Physiotherapy series after a hip replacement' }) @IsString() @MaxLength(200) name!: string;
  @ApiProperty({
    example: {
      kind: 'income-steps',
      steps: [
        { fromMonthlyIncomeCents: 0, cents: 6000 },
        { fromMonthlyIncomeCents: 200000, cents: 4500 },
      ],
    },
    description: "{ kind: 'fixed', cents } or { kind: 'income-steps', steps: [{ fromMonthlyIncomeCents, cents }] } (EXAMPLE values)",
  })
  @IsObject()
  value!: Record<string, unknown>;
  @ApiProperty({ example: 90 }) @IsInt() validityDays!: number;
  @ApiProperty({ example: 10 }) @IsInt() visits!: number;
}

export class ProducerApprovalDto {
  @ApiProperty({ example: 6200, description: "The producer's price per visit in cents" }) @IsInt() @Min(1) priceCents!: number;
  @ApiProperty({ enum: PRODUCER_OWNERSHIPS }) @IsIn(PRODUCER_OWNERSHIPS) ownership!: string;
  @ApiProperty({ example: '2027-01-01' }) @Matches(DATE, { message: 'approvedFrom must be YYYY-MM-DD' }) approvedFrom!: string;
}

export class ProducerDecisionDto {
  @ApiProperty({ example: '2027-03-01' }) @Matches(DATE, { message: 'from must be YYYY-MM-DD' }) from!: string;
  @ApiProperty({ example: 'contract ended' }) @IsString() @MaxLength(500) reason!: string;
}

export class GrantVoucherDto {
  @ApiProperty({ example: 'physio-hip' }) @IsString() @MaxLength(63) voucherTypeId!: string;
  @ApiProperty({ example: 'rehabilitation after a hip replacement', description: 'Why the voucher is granted; stays in billing' })
  @IsString()
  @MaxLength(500)
  reason!: string;
  @ApiProperty({ example: '837', description: "The person's home municipality (three-digit code), for the reports" })
  @IsString()
  @MaxLength(3)
  municipality!: string;
  @ApiPropertyOptional({ example: 250000, description: 'Monthly gross income in cents, for an income-related voucher' })
  @IsOptional()
  @IsInt()
  @Min(0)
  monthlyIncomeCents?: number;
}

export class VoucherChoiceDto {
  @ApiProperty({ example: 'fysio-oy' }) @IsString() @MaxLength(63) producerId!: string;
  @ApiPropertyOptional({
    enum: CHOICE_CHANNELS,
    description: "A worker choosing for the person says how they asked: phone or in-person; a resident's own choice is portal",
  })
  @IsOptional()
  @IsIn(CHOICE_CHANNELS)
  channel?: string;
}

export class VoucherRefusalDto {
  @ApiPropertyOptional({ enum: CHOICE_CHANNELS }) @IsOptional() @IsIn(CHOICE_CHANNELS) channel?: string;
}

export class VoucherVisitRowDto {
  @ApiProperty({ example: 'F-2027-0042', description: "The producer's own id; a row reported again with it changes nothing" })
  @IsString()
  @MaxLength(100)
  producerSideId!: string;
  @ApiProperty({ example: 'vch-3f1c…' }) @IsString() @MaxLength(100) voucherId!: string;
  @ApiProperty({ example: '2027-03-09' }) @IsString() date!: string;
}

export class VoucherReportDto {
  @ApiProperty({ type: [VoucherVisitRowDto] })
  @IsArray()
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => VoucherVisitRowDto)
  rows!: VoucherVisitRowDto[];
}
