import type { RunView } from '../../client/client-types';
import { outcomeHeadline } from '../../common/dag/run-outcome';
import type { OutcomeCell } from './types';

/**
 * How the console shows what a run achieved, from the client's view of it (whose outcome comes
 * from the one classifier, client/run-outcome.ts): `promoted spam v6`, `gate failed: …`,
 * `rejected by ana: …`, `failed: …`, or, while open, what it is doing. Pure.
 */
export function outcomeCellOf(view: RunView): OutcomeCell {
  if (!view.closed) {
    // The engine's own line, when the run records one (the run's current details).
    const headline = view.state?.headline;
    if (view.status === 'waiting_for_approval' && headline) return { kind: 'waiting_for_approval', text: headline };
    if (view.status === 'paused' && headline) return { kind: 'paused', text: headline };
    if (view.status === 'waiting_for_approval' && view.awaitingApproval) {
      const { model, version, deadline } = view.awaitingApproval;
      const subject = model !== undefined && version !== undefined ? ` of ${model} v${version}` : '';
      return { kind: 'waiting_for_approval', text: `waiting for approval${subject} until ${deadline}` };
    }
    if (view.status === 'paused') return { kind: 'paused', text: `paused: ${view.progress}` };
    return { kind: 'running', text: view.progress };
  }
  const reason = view.outcomeReason ?? '';
  switch (view.outcome) {
    case 'promoted':
      return {
        kind: 'promoted',
        text: outcomeHeadline({ outcome: 'promoted', outcomeReason: reason, ...(view.registered ? { registered: view.registered } : {}) }, view.result),
      };
    case 'rejected':
      return { kind: 'rejected', text: reason.replace(/^approval /, '') || 'rejected' };
    case 'failed':
      return { kind: 'failed', text: `failed: ${view.failure ?? (reason || 'the run failed')}` };
    case 'timed_out':
      return { kind: 'timed_out', text: 'timed out: the run reached its execution timeout' };
    case 'terminated':
      return { kind: 'terminated', text: `terminated: ${reason}` };
    case undefined:
      return { kind: 'unknown', text: view.progress };
    default:
      return { kind: view.outcome, text: reason || view.outcome };
  }
}
