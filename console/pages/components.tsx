import type { FC } from 'hono/jsx';
import { STATE_COLOURS } from '../../common/dag/mermaid';
import type { TaskState } from '../../common/dag';
import type { OutcomeCell } from '../views';
import { formatTime } from '../format';

/** A task state as a coloured chip, in the graph's colours (Airflow's). */
export const StateChip: FC<{ state: TaskState }> = ({ state }) => (
  <span class="chip" data-state={state} style={stateStyle(state)}>
    {state.replace(/_/g, ' ')}
  </span>
);

export function stateStyle(state: TaskState): string {
  const dark = state === 'success' || state === 'failed';
  return `background:${STATE_COLOURS[state]};color:${dark ? '#fff' : '#000'}`;
}

/** The outcome of a run: its sentence, coloured by kind. */
export const Outcome: FC<{ outcome: OutcomeCell }> = ({ outcome }) => (
  <span class={`outcome outcome-${outcome.kind}`} data-outcome={outcome.kind}>
    {outcome.text}
  </span>
);

export const Time: FC<{ iso: string | undefined }> = ({ iso }) => (iso ? <time datetime={iso}>{formatTime(iso)}</time> : <span class="muted">–</span>);

/** A result or refusal shown at the top of a page after an action. */
export const Notice: FC<{ kind: 'ok' | 'error'; text: string | undefined }> = ({ kind, text }) =>
  text ? (
    <p class={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {text}
    </p>
  ) : null;

/** What a visitor without the operator token sees instead of an action form. */
export const SignInToAct: FC<{ next: string; writable: boolean; what: string }> = ({ next, writable, what }) =>
  writable ? (
    <p class="muted">
      <a href={`/login?next=${encodeURIComponent(next)}`}>Sign in with the operator token</a> to {what}.
    </p>
  ) : (
    <p class="muted">This console is read-only (no operator token configured): {what} from the CLI instead.</p>
  );

/** The name field every action carries: who did it is recorded in the run or the registry. */
export const ActorField: FC<{ value: string; label?: string; form?: string }> = ({ value, label, form }) => (
  <label class="field">
    <span>{label ?? 'Your name'}</span>
    <input name="actor" value={value} required maxlength={100} autocomplete="name" {...(form ? { form } : {})} />
  </label>
);
