import { ServiceError, type ServiceErrorCode } from '@baton/domain'

/** The input a refusal is about, for edges that name the field (the webhook intake answers 422 with it). */
export type AccountabilityErrorField = 'incident' | 'clockId' | 'evidence' | 'reason'

/**
 * A ServiceError of the accountability functions (disputes, settlements, scorecards, exports);
 * every edge maps it as any ServiceError. It stays a subclass only so that the webhook intake's
 * services/adapters/src/webhooks/receipts/record-dispute.ts can tell an openDispute refusal (answered 422
 * with the vendor's field name) from its own receipt refusals; once that file catches
 * ServiceError by `details.field`, throw ServiceError here and delete this class.
 */
export class AccountabilityError extends ServiceError {
  constructor(
    code: Extract<ServiceErrorCode, 'NOT_FOUND' | 'CONFLICT' | 'BAD_USER_INPUT'>,
    message: string,
    field?: AccountabilityErrorField
  ) {
    super(code, message, { field })
    this.name = 'AccountabilityError'
  }
  override get field(): AccountabilityErrorField | undefined {
    return this.details.field as AccountabilityErrorField | undefined
  }
}
