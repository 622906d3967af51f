import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { InvalidRunParamsError } from '../../../client/errors';
import { DAGS, getDag } from '../../../client/dag-catalog';
import { prepareRun } from '../../../client/start-run';
import { fieldErrorsOf, parseTriggerForm } from '../../../console/views/parse-trigger-form';
import { formModel, formOf, triggerForm } from '../../../console/views/trigger-form';
import type { TriggerField } from '../../../console/views/types';

const NOW = new Date('2002-10-09T12:00:00Z');
const field = (fields: readonly TriggerField[], name: string) => {
  const found = fields.find((f) => f.name === name);
  assert.ok(found, `the form has a field ${name}`);
  return found;
};

/** What submitTrigger does with a form, without the start: prepareRun's problems as field errors. */
function check(dagId: string, form: Record<string, string>) {
  const model = formModel(getDag(dagId));
  const { request, errors } = parseTriggerForm(model, form);
  try {
    const prepared = prepareRun(dagId, { params: request.params, logicalDate: '2002-10-07T03:00:00Z' }, { now: () => NOW });
    return { prepared, errors };
  } catch (err) {
    if (!(err instanceof InvalidRunParamsError)) throw err;
    return { errors: [...errors, ...fieldErrorsOf(err.problems, model.fields, form)] };
  }
}

test('the weekly_retraining form has typed fields with defaults, bounds and descriptions from its schema', () => {
  const { fields } = triggerForm('weekly_retraining');
  assert.deepEqual(field(fields, 'params.epochs'), {
    name: 'params.epochs',
    label: 'Epochs',
    type: 'integer',
    default: '10',
    description: 'Training epochs',
    min: 1,
    max: 200,
    required: false,
  });
  assert.deepEqual(field(fields, 'params.approval').enumValues, ['auto', 'manual']);
  assert.equal(field(fields, 'params.approval').default, 'auto');
  assert.equal(field(fields, 'params.shuffleLabels').type, 'boolean');
  assert.equal(field(fields, 'params.modelName').pattern, '^[a-z0-9][a-z0-9_-]{0,62}$');
  assert.equal(field(fields, 'params.gate.minimum.f1').default, '0.95');
  // An optional threshold without a default: left empty, that metric is not checked.
  assert.equal(field(fields, 'params.gate.minimum.precision').default, undefined);
  assert.equal(field(fields, 'logicalDate').format, 'date-time');
  assert.deepEqual(field(fields, 'runKind').enumValues, ['manual', 'backfill']);
});

test("a nested field's default is its parent's default, which replaces the object as a whole", () => {
  const { fields } = triggerForm('weekly_retraining');
  // weekly_retraining defaults modelConfig to { classWeight: 'none' }; the classifier's own is balanced.
  assert.equal(field(fields, 'params.modelConfig.classWeight').default, 'none');
  // Not in the parent's default: left empty, the classifier's default applies, shown as a placeholder.
  const batch = field(fields, 'params.modelConfig.batchSize');
  assert.equal(batch.default, undefined);
  assert.equal(batch.placeholder, '32');
});

test('an integer above an exclusive bound gets the inclusive bound HTML understands', () => {
  const { fields } = triggerForm('weekly_retraining');
  const minRows = field(fields, 'params.validation.minRows');
  assert.equal(minRows.min, 1);
  assert.equal(minRows.exclusiveMin, undefined);
  const rate = field(fields, 'params.modelConfig.learningRate');
  assert.equal(rate.min, 0);
  assert.equal(rate.exclusiveMin, true);
});

test('records and unions are one JSON field; a field without default is required', () => {
  const params = z.strictObject({ name: z.string().describe('who'), extra: z.record(z.string(), z.number()).default({}) });
  const { fields } = formOf({ id: 'form_probe', summary: 'probe', params, logicalDate: 'run-start' });
  assert.deepEqual(field(fields, 'params.name'), { name: 'params.name', label: 'Name', type: 'string', description: 'who', required: true });
  assert.equal(field(fields, 'params.extra').type, 'json');
  assert.equal(field(fields, 'params.extra').default, '{}');
  assert.equal(field(triggerForm('drift_monitor').fields, 'params.retrainingParams').type, 'json');
});

test('every param of every DAG has a description for the form', () => {
  for (const dagId of Object.keys(DAGS)) {
    const missing = triggerForm(dagId)
      .fields.filter((f) => !f.description)
      .map((f) => f.name);
    assert.deepEqual(missing, [], `${dagId}: add .describe() to ${missing.join(', ')}`);
  }
});

test('the untouched form starts a run with the params it showed, equal to the defaults', () => {
  const form = Object.fromEntries(
    triggerForm('weekly_retraining')
      .fields.filter((f) => f.default !== undefined)
      .map((f) => [f.name, f.default!]),
  );
  const { prepared, errors } = check('weekly_retraining', form);
  assert.deepEqual(errors, []);
  assert.ok(prepared);
  assert.equal(prepared.workflowId, 'weekly_retraining/spam/2002-W40');
  // Parsed again, the defaults fill the nested objects they left out (modelConfig's own defaults).
  const dag = getDag('weekly_retraining');
  assert.deepEqual(dag.params.parse(prepared.params), dag.params.parse(dag.params.parse({})));
});

test('clearing every field of a defaulted object sends it empty: no minimum checks, not the default ones', () => {
  const { request } = parseTriggerForm(formModel(getDag('weekly_retraining')), { 'params.gate.minimum.f1': '', 'params.gate.minimum.rocAuc': '' });
  assert.deepEqual((request.params.gate as { minimum: unknown }).minimum, {});
});

test('a bad param is a field error naming the field, the value and what is expected, and nothing is prepared', () => {
  const { prepared, errors } = check('weekly_retraining', { 'params.epochs': '0', 'params.trainingWeeks': 'ten' });
  assert.equal(prepared, undefined);
  assert.deepEqual(errors, [
    { field: 'params.trainingWeeks', value: 'ten', message: 'expected number, got "ten"' },
    { field: 'params.epochs', value: '0', message: 'Too small: expected number to be >=1 (got 0)' },
  ]);
});

test('a cross-field rule lands on the field it names', () => {
  const { errors } = check('weekly_retraining', { 'params.trainingWeeks': '4', 'params.holdoutWeeks': '4' });
  assert.deepEqual(errors, [
    { field: 'params.holdoutWeeks', value: '4', message: 'fewer than trainingWeeks (4), so at least one week is left to train on (got 4)' },
  ]);
});

test('bad JSON and a boolean that is neither are refused before the schema', () => {
  const model = formModel(getDag('drift_monitor'));
  const { errors } = parseTriggerForm(model, { 'params.retrainingParams': '{epochs: 3' });
  assert.equal(errors.length, 1);
  assert.equal(errors[0]!.field, 'params.retrainingParams');
  assert.match(errors[0]!.message, /^expected JSON such as \{\} \(/);
  const weekly = parseTriggerForm(formModel(getDag('weekly_retraining')), { 'params.shuffleLabels': 'maybe' });
  assert.deepEqual(weekly.errors, [{ field: 'params.shuffleLabels', value: 'maybe', message: 'expected true or false (got "maybe")' }]);
});

test('an unticked checkbox is false, a ticked one true', () => {
  const model = formModel(getDag('weekly_retraining'));
  assert.equal(parseTriggerForm(model, {}).request.params.shuffleLabels, false);
  assert.equal(parseTriggerForm(model, { 'params.shuffleLabels': 'on' }).request.params.shuffleLabels, true);
});

test('a param the form does not know reaches the schema, which names it', () => {
  const { errors } = check('weekly_retraining', { 'params.epoch': '3' });
  assert.equal(errors.length, 1);
  assert.equal(errors[0]!.field, 'params.epoch');
  assert.match(errors[0]!.message, /^unknown field/);
});

test('a problem inside a JSON field is put on that field with its inner path', () => {
  const errors = fieldErrorsOf(['params.retrainingParams.epochs: expected number, got "x"'], triggerForm('drift_monitor').fields, {
    'params.retrainingParams': '{"epochs":"x"}',
  });
  assert.deepEqual(errors, [
    { field: 'params.retrainingParams', value: '{"epochs":"x"}', message: 'params.retrainingParams.epochs: expected number, got "x"' },
  ]);
});

test('a bad logical date is an error of the logicalDate field', () => {
  const model = formModel(getDag('weekly_retraining'));
  const form = { logicalDate: 'next monday' };
  const { request } = parseTriggerForm(model, form);
  assert.equal(request.logicalDate, 'next monday');
  assert.throws(
    () => prepareRun('weekly_retraining', { params: request.params, logicalDate: request.logicalDate! }),
    (err: unknown) => {
      assert.ok(err instanceof InvalidRunParamsError);
      const [error] = fieldErrorsOf(err.problems, model.fields, form);
      assert.equal(error!.field, 'logicalDate');
      assert.equal(error!.value, 'next monday');
      return true;
    },
  );
});
