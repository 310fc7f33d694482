import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { PersonRef } from '@luotsi/kernel';
import { CommandPipeline, todayOf, type CommandEnvelope } from '@luotsi/eventstore';
import { Access, ErrorBody, Idempotent, RequestEnvelope } from '@luotsi/runtime';
import { PersonRegistry } from '@luotsi/identity';
import { ERASURE_REASONS, type ErasureReason } from '@luotsi/provider-choice-domain';
import { listingStreams } from '../provider-choice.streams';

export class ErasureDto {
  @ApiProperty({
    example: 'registered-in-error',
    enum: ERASURE_REASONS,
    description: 'A reason code; no free text, which could carry the code being erased',
  })
  @IsString()
  @MaxLength(64)
  reason!: string;
}

@ApiTags('persons')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorBody, description: 'TOKEN_MISSING, TOKEN_INVALID, TOKEN_EXPIRED' })
@ApiForbiddenResponse({ type: ErrorBody, description: 'FORBIDDEN_ROLE' })
@Controller()
export class PersonsController {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly registry: PersonRegistry,
  ) {}

  /**
   * Forgetting a person, in a crash-safe order: the listing stream records the erasure first (its
   * listing ends, a pending switch is cancelled, PersonErased), then the registry turns the mapping
   * into a tombstone. A crash between the two leaves a stream that refuses every command and a
   * mapping that a re-run removes; a repeated call decides nothing and answers the same.
   */
  @Post('persons/:personRef/erasure')
  @HttpCode(200)
  @ApiOperation({ summary: 'Erase a person: end their listing, remove the identity code mapping, refuse the code on a later import' })
  @ApiOkResponse({
    schema: {
      example: {
        personRef: 'per_0b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e11',
        erased: true,
        erasedOn: '2026-11-23',
        reason: 'registered-in-error',
      },
    },
  })
  @ApiBadRequestResponse({
    type: ErrorBody,
    description: 'VALIDATION_FAILED, INVALID_PERSON_REF, INVALID_ERASURE_REASON, IDENTITY_CODE_NOT_ALLOWED',
  })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'PERSON_NOT_FOUND' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retry with the same key returns the first answer; a malformed key is refused (400 IDEMPOTENCY_KEY_INVALID)',
  })
  @Access({ roles: ['county'], purpose: 'registry-maintenance' })
  @Idempotent()
  async erase(@Param('personRef') personRefParam: string, @Body() body: ErasureDto, @RequestEnvelope() envelope: CommandEnvelope) {
    const personRef = PersonRef.parse(personRefParam);
    const inRegistry = await this.registry.isKnown(personRef);
    const outcome = await this.pipeline.execute(
      listingStreams,
      {
        type: 'ForgetPerson',
        personRef,
        reason: body.reason as ErasureReason,
        erasedOn: todayOf(envelope),
        erasedBy: envelope.actor,
        inRegistry,
      },
      envelope,
    );
    if (inRegistry) await this.registry.forget(personRef);
    const erasure = outcome.state.erasure!;
    return { personRef, erased: true, erasedOn: erasure.erasedOn, reason: erasure.reason };
  }
}
