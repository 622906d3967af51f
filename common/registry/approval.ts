import { z } from 'zod';

/**
 * A person's (or the policy's) answer to "promote this challenger?", carried by the
 * `approvePromotion` / `rejectPromotion` Updates. Parsed in the Update validator, so a bad or
 * stale decision is refused before it enters the workflow history.
 */
export const PromotionDecisionSchema = z.strictObject({
  model: z.string().min(1).describe('Name of the model whose challenger is decided on.'),
  version: z.number().int().positive().describe('The challenger version the decision is about.'),
  decision: z.enum(['approve', 'reject']).describe('approve: the champion alias moves to it; reject: it is rejected.'),
  by: z.string().trim().min(1).describe('Who decided (a person, or `policy:auto`, or `timeout`).'),
  reason: z.string().trim().min(1).describe('Why; kept in the registry history.'),
});

export type PromotionDecision = z.infer<typeof PromotionDecisionSchema>;

/** The version a workflow waits on; undefined while nothing is awaiting approval. */
export interface AwaitingApproval {
  readonly model: string;
  readonly version: number;
}

/** Thrown by validateApprovalDecision; the Update is rejected with this message. */
export class InvalidApprovalDecisionError extends Error {
  override readonly name = 'InvalidApprovalDecisionError';
  constructor(
    message: string,
    readonly issues: readonly string[],
  ) {
    super(message);
  }
}

/**
 * Validates a decision against what the workflow awaits; returns the parsed decision or throws
 * InvalidApprovalDecisionError naming the field and quoting the value. Pure and workflow-safe.
 */
export function validateApprovalDecision(decision: unknown, awaiting: AwaitingApproval | undefined): PromotionDecision {
  const parsed = PromotionDecisionSchema.safeParse(decision);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => {
      const at = issue.path.map(String).join('.') || '(root)';
      const got = issue.path.reduce<unknown>((value, key) => (value as Record<PropertyKey, unknown> | undefined)?.[key], decision);
      return `${at}: ${issue.message} (got ${got === undefined ? 'undefined' : JSON.stringify(got)})`;
    });
    throw new InvalidApprovalDecisionError(`invalid approval decision: ${issues.join('; ')}`, issues);
  }
  const { model, version } = parsed.data;
  if (awaiting === undefined) {
    throw new InvalidApprovalDecisionError(`version ${version} of model ${model} is not awaiting approval (nothing is awaiting approval)`, []);
  }
  if (model !== awaiting.model) {
    throw new InvalidApprovalDecisionError(
      `model ${model} is not awaiting approval (awaiting: version ${awaiting.version} of model ${awaiting.model})`,
      [],
    );
  }
  if (version !== awaiting.version) {
    throw new InvalidApprovalDecisionError(`version ${version} of model ${model} is not awaiting approval (awaiting: ${awaiting.version})`, []);
  }
  return parsed.data;
}
