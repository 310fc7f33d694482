import { ApiProperty } from '@nestjs/swagger';

/** The body of every 4xx/5xx: a stable machine code, a message for people, and the facts to act on. */
export class ErrorBody {
  @ApiProperty({ example: 'SWITCH_TOO_SOON' })
  code!: string;
  @ApiProperty({ example: 'the next switch can take effect on 2027-05-01 at the earliest' })
  message!: string;
  @ApiProperty({ example: { earliestEffectiveDate: '2027-05-01' }, type: 'object', additionalProperties: true })
  details!: Record<string, unknown>;
}
