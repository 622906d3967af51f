import type { FC } from 'hono/jsx';
import type { DagSpec } from '../../common/dag';
import type { FieldError, TriggerField, TriggerForm } from '../views';
import { ActorField, Notice, SignInToAct } from './components';
import { Layout, type PageFrame } from './layout';

export interface TriggerPageProps {
  readonly frame: PageFrame;
  readonly form: TriggerForm;
  /** What was submitted, to show it again next to its errors. */
  readonly values?: Readonly<Record<string, string>>;
  readonly errors?: readonly FieldError[];
  readonly actor: string;
}

/** HTML validation from the schema's bounds, so the browser refuses bad input before it is sent. */
function bounds(f: TriggerField): Record<string, string> {
  const out: Record<string, string> = {};
  const step = f.type === 'integer' ? 1 : undefined;
  if (f.min !== undefined) out.min = String(f.exclusiveMin && step ? f.min + step : f.min);
  if (f.max !== undefined) out.max = String(f.exclusiveMax && step ? f.max - step : f.max);
  return out;
}

const Input: FC<{ f: TriggerField; value: string; invalid: boolean; describedBy: string }> = ({ f, value, invalid, describedBy }) => {
  const common = {
    id: `f-${f.name}`,
    name: f.name,
    required: f.required,
    'aria-invalid': invalid ? 'true' : undefined,
    'aria-describedby': describedBy,
    ...(f.placeholder !== undefined ? { placeholder: f.placeholder } : {}),
  };
  switch (f.type) {
    case 'integer':
    case 'number':
      return <input type="number" step={f.type === 'integer' ? '1' : 'any'} value={value} {...bounds(f)} {...common} />;
    case 'boolean':
      return (
        <select {...common}>
          {f.required ? null : <option value="">(default)</option>}
          <option value="true" selected={value === 'true'}>
            true
          </option>
          <option value="false" selected={value === 'false'}>
            false
          </option>
        </select>
      );
    case 'enum':
      return (
        <select {...common}>
          {f.required ? null : <option value="">(default)</option>}
          {(f.enumValues ?? []).map((v) => (
            <option value={v} selected={value === v}>
              {v}
            </option>
          ))}
        </select>
      );
    case 'json':
      return (
        <textarea rows={4} spellcheck={false} class="code" {...common}>
          {value}
        </textarea>
      );
    case 'string':
      // A browser that cannot compile the schema's pattern ignores it; the server checks it anyway.
      return (
        <input
          type="text"
          value={value}
          {...(f.pattern !== undefined ? { pattern: f.pattern } : {})}
          {...(f.format === 'date-time' ? { placeholder: '2002-09-30T03:00:00Z' } : {})}
          {...common}
        />
      );
  }
};

const Field: FC<{ f: TriggerField; value: string; error: FieldError | undefined }> = ({ f, value, error }) => {
  const help = `h-${f.name}`;
  return (
    <div class={`form-row${error ? ' has-error' : ''}`} data-field={f.name}>
      <label for={`f-${f.name}`}>
        {f.label}
        {f.required ? <span class="required"> *</span> : null}
        <code class="muted name">{f.name}</code>
      </label>
      <Input f={f} value={value} invalid={error !== undefined} describedBy={help} />
      <p class="help" id={help}>
        {f.description ?? ''}
        {f.default !== undefined && f.default !== '' ? <span class="muted"> · default {f.default}</span> : null}
      </p>
      {error ? (
        <p class="field-error" role="alert" data-error-for={f.name}>
          {error.message}
        </p>
      ) : null}
    </div>
  );
};

interface FieldGroup {
  /** The nested object, e.g. `gate`; undefined for run options and top-level params. */
  readonly name: string | undefined;
  readonly label: string;
  readonly fields: TriggerField[];
}

/** Fields by their first nested object (`params.gate.minimum.f1` is in `gate`), in form order. */
function groupFields(fields: readonly TriggerField[]): FieldGroup[] {
  const groups: FieldGroup[] = [];
  for (const f of fields) {
    const path = f.name.startsWith('params.') ? f.name.slice('params.'.length).split('.') : [f.name];
    const name = path.length > 1 ? path[0] : undefined;
    const last = groups.at(-1);
    if (last && last.name === name) last.fields.push(f);
    else groups.push({ name, label: name === undefined ? '' : (f.label.split(' › ')[0] ?? name), fields: [f] });
  }
  return groups;
}

export const TriggerPage: FC<TriggerPageProps> = ({ frame, form, values, errors, actor }) => {
  const byField = new Map((errors ?? []).map((e) => [e.field, e]));
  const unplaced = (errors ?? []).filter((e) => !form.fields.some((f) => f.name === e.field) && e.field !== 'actor');
  return (
    <Layout title={`Trigger ${form.dagId}`} frame={frame}>
      <p>{form.summary}</p>
      {unplaced.map((e) => (
        <Notice kind="error" text={`${e.field}: ${e.message}`} />
      ))}
      {frame.access === 'operator' ? (
        <form method="post" class="trigger" novalidate={false}>
          {groupFields(form.fields).map((group) => {
            const rows = group.fields.map((f) => (
              <Field
                f={group.name === undefined ? f : { ...f, label: f.label.split(' › ').slice(1).join(' › ') || f.label }}
                value={values?.[f.name] ?? f.default ?? ''}
                error={byField.get(f.name)}
              />
            ));
            if (group.name === undefined) return rows;
            // Nested settings fold away (native <details>, no script); a group with an error opens.
            return (
              <details class="group" data-group={group.name} open={group.fields.some((f) => byField.has(f.name))}>
                <summary>
                  {group.label} <span class="muted">({group.fields.length} settings, defaults apply)</span>
                </summary>
                {rows}
              </details>
            );
          })}
          <div class="form-row">
            <ActorField value={values?.actor ?? actor} label="Started by" />
            {byField.get('actor') ? <p class="field-error">{byField.get('actor')?.message}</p> : null}
          </div>
          <button type="submit" class="primary">
            Start run
          </button>
        </form>
      ) : (
        <>
          <SignInToAct next={frame.path} writable={frame.access !== 'read-only'} what="start a run" />
          <table class="params">
            <thead>
              <tr>
                <th>Param</th>
                <th>Type</th>
                <th>Default</th>
                <th>Description</th>
              </tr>
            </thead>
            <tbody>
              {form.fields.map((f) => (
                <tr>
                  <td>
                    <code>{f.name}</code>
                  </td>
                  <td>{f.type === 'enum' ? (f.enumValues ?? []).join(' | ') : f.type}</td>
                  <td>
                    <code>{f.default ?? ''}</code>
                  </td>
                  <td>{f.description ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Layout>
  );
};

export const DagsPage: FC<{ frame: PageFrame; dags: readonly DagSpec[] }> = ({ frame, dags }) => (
  <Layout title="DAGs" frame={frame}>
    <table class="dags">
      <thead>
        <tr>
          <th>DAG</th>
          <th>Summary</th>
          <th>Tasks</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        {dags.map((d) => (
          <tr>
            <td>
              <code>{d.id}</code>
            </td>
            <td>{d.summary}</td>
            <td class="num">{d.tasks.length}</td>
            <td>
              <a href={`/dags/${encodeURIComponent(d.id)}/trigger`}>Trigger</a> · <a href={`/?dag=${encodeURIComponent(d.id)}`}>Runs</a> ·{' '}
              <a href={`/dags/${encodeURIComponent(d.id)}/graph.svg`}>Graph</a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  </Layout>
);
