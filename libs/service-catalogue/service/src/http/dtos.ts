import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, ArrayMaxSize, IsArray, IsInt, IsObject, IsOptional, IsString, MaxLength, Min } from 'class-validator';

/*
 * The bodies' top-level fields (unknown ones are refused by the validation pipe); what is inside
 * them is the domain's to check (checkServiceContent, checkChannelContent), so every way a version
 * arrives — HTTP, the import, provider choice's events — meets the same rules with the same codes.
 */

export class ServiceVersionDto {
  @ApiPropertyOptional({
    example: '2027-02-01',
    description: 'The first day the version is valid; today when left out. Never in the past.',
  })
  @Allow()
  validFrom?: unknown;
  @ApiProperty({ example: { fi: 'Sosiaaliohjaus aikuisille', sv: 'Socialhandledning för vuxna', en: 'Social guidance for adults' } })
  @Allow()
  names!: unknown;
  @ApiPropertyOptional({ example: { fi: 'Neuvontaa ja ohjausta arjen ongelmissa.' } }) @Allow() summaries?: unknown;
  @ApiPropertyOptional({ example: { fi: 'Sosiaaliohjaaja auttaa toimeentulon ja asumisen kysymyksissä.' } })
  @Allow()
  descriptions?: unknown;
  @ApiPropertyOptional({ example: { fi: ['toimeentulo', 'asuminen'], sv: ['utkomst'] } }) @Allow() keywords?: unknown;
  @ApiProperty({
    example: { id: 'pirkanmaa', name: { fi: 'Pirkanmaan hyvinvointialue' }, kind: 'county' },
    description: 'kind: county, municipality, private, third-sector',
  })
  @Allow()
  arranger!: unknown;
  @ApiPropertyOptional({ example: [{ id: 'pirkanmaa', name: { fi: 'Pirkanmaan hyvinvointialue' }, kind: 'county' }] })
  @Allow()
  producers?: unknown;
  @ApiProperty({ example: ['working-age'] }) @Allow() targetGroups!: unknown;
  @ApiProperty({ example: ['walk-in', 'appointment'], description: 'walk-in, appointment, referral, decision, voucher' })
  @Allow()
  accessModes!: unknown;
  @ApiPropertyOptional({ example: [{ name: { fi: 'Sosiaalihuoltolaki' }, reference: '1301/2014' }] }) @Allow() legalBasis?: unknown;
  @ApiProperty({ example: ['fi', 'sv'] }) @Allow() languages!: unknown;
  @ApiProperty({ example: 'municipalities', description: 'nationwide, county or municipalities' }) @Allow() area!: unknown;
  @ApiPropertyOptional({ example: ['837'] }) @Allow() municipalities?: unknown;
  @ApiPropertyOptional({ example: ['hervanta-sosiaaliasema'] }) @Allow() channelIds?: unknown;
}

export class ChannelVersionDto {
  @ApiPropertyOptional({ example: '2027-02-01' }) @Allow() validFrom?: unknown;
  @ApiProperty({ example: 'service-point', description: 'service-point, phone, e-service, chat' }) @Allow() kind!: unknown;
  @ApiProperty({ example: { fi: 'Hervannan sosiaaliasema', sv: 'Hervanta socialstation' } }) @Allow() names!: unknown;
  @ApiPropertyOptional({ example: {} }) @Allow() descriptions?: unknown;
  @ApiPropertyOptional({ example: 'pirkanmaa' }) @Allow() organisationId?: unknown;
  @ApiProperty({ example: ['fi', 'sv'] }) @Allow() languages!: unknown;
  @ApiPropertyOptional({
    example: { street: { fi: 'Insinöörinkatu 23' }, postalCode: '33720', postOffice: { fi: 'Tampere' }, municipalityCode: '837' },
  })
  @Allow()
  address?: unknown;
  @ApiPropertyOptional({ example: { lat: 61.4507, lon: 23.8512 } }) @Allow() location?: unknown;
  @ApiPropertyOptional({ example: 'address', description: 'address or postal-code' }) @Allow() locationPrecision?: unknown;
  @ApiPropertyOptional({ example: null, description: '{ number, chargeInfo } for a phone channel' }) @Allow() phone?: unknown;
  @ApiPropertyOptional({ example: null, description: 'https address of an e-service or chat' }) @Allow() url?: unknown;
  @ApiPropertyOptional({
    example: {
      weekly: [{ day: 'mon', opens: '08:00', closes: '16:00' }],
      publicHolidays: 'closed',
      exceptions: [{ from: '2027-07-05', to: '2027-07-30', closed: true, description: { fi: 'Kesäsulku' } }],
    },
  })
  @Allow()
  openingHours?: unknown;
  @ApiPropertyOptional({ example: {} }) @Allow() openingHoursText?: unknown;
  @ApiPropertyOptional({ example: { features: ['step-free-access'], notes: { fi: 'Esteetön sisäänkäynti' } } })
  @Allow()
  accessibility?: unknown;
}

export class WithdrawalDto {
  @ApiProperty({ example: '2027-04-01', description: 'The first day it is no longer offered' }) @IsString() @MaxLength(10) from!: string;
  @ApiProperty({ example: 'merged into adult social work' }) @IsString() @MaxLength(500) reason!: string;
}

export class RoutingDto {
  @ApiProperty({ example: 'contact-8f1c2d', description: "The router's own id (contact intake's contactId): counted once" })
  @IsString()
  @MaxLength(100)
  routingId!: string;
  @ApiProperty({ example: 'sosiaaliohjaus-aikuiset' }) @IsString() @MaxLength(100) serviceId!: string;
  @ApiPropertyOptional({ example: 'hervanta-sosiaaliasema', nullable: true }) @IsOptional() @IsString() @MaxLength(100) channelId?:
    string | null;
  @ApiProperty({ example: '837' }) @IsString() @MaxLength(3) municipality!: string;
  @ApiPropertyOptional({ example: '2027-01-15', description: 'Today when left out' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  routedOn?: string;
}

/** One page of the Suomi.fi catalogue's open API (`/Service` or `/ServiceChannel`), as it comes. */
export class SuomiFiPageDto {
  @ApiPropertyOptional({ example: 1 }) @IsOptional() @IsInt() @Min(0) pageNumber?: number;
  @ApiPropertyOptional({ example: 1000 }) @IsOptional() @IsInt() @Min(0) pageSize?: number;
  @ApiPropertyOptional({ example: 1 }) @IsOptional() @IsInt() @Min(0) pageCount?: number;
  @ApiProperty({ description: 'The items of the page, answered row by row', type: 'array', items: { type: 'object' } })
  @IsArray()
  @ArrayMaxSize(5_000)
  @IsObject({ each: true })
  itemList!: unknown[];
}
