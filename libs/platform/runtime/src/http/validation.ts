import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

interface FieldError {
  field: string;
  problems: string[];
}

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, problems: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** DTO validation with field-level errors under the stable code VALIDATION_FAILED. */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      return new BadRequestException({
        code: 'VALIDATION_FAILED',
        message: fields.map((f) => `${f.field}: ${f.problems.join(', ')}`).join('; '),
        details: { fields },
      });
    },
  });
}
