// What compute threads run. Loaded only inside a thread (compute-worker.ts); each handler
// requires its ML code on first use so a thread that only scans datasets never loads tfjs.
import type { BackendName } from '../ml';
import type { ComputeStreams, ComputeTasks, ScoreModelsInput, ScoreProgress } from './compute-tasks';

type RunHandlers = {
  [K in keyof ComputeTasks]: (
    input: ComputeTasks[K]['input'],
    progress: (p: ComputeTasks[K]['progress']) => void,
  ) => ComputeTasks[K]['output'] | Promise<ComputeTasks[K]['output']>;
};

export interface StreamHandler<I = unknown, S = unknown, A = unknown, O = unknown> {
  start(input: I): S;
  chunk(state: S, data: Uint8Array): A;
  end(state: S): O;
}

type StreamHandlers = {
  [
    K in keyof ComputeStreams // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each stream keeps its own state type
  ]: StreamHandler<ComputeStreams[K]['input'], any, ComputeStreams[K]['ack'], ComputeStreams[K]['output']>;
};

/** tfjs has one backend per thread; the first classifier task picks it. */
function ensureThreadBackend(preferred: BackendName | undefined): Promise<unknown> {
  return (require('../ml/backend') as typeof import('../ml/backend')).selectBackendOnce(preferred);
}

async function scoreModels(input: ScoreModelsInput, progress: (p: ScoreProgress) => void): Promise<{ scores: number[][] }> {
  const scores: number[][] = [];
  for (const [model, spec] of input.models.entries()) {
    const texts = spec.rows ? spec.rows.map((i) => input.texts[i] as string) : input.texts;
    const onProgress = (rowsDone: number) => progress({ model, rowsDone, rows: texts.length });
    if (spec.kind === 'baseline') {
      const { NaiveBayesBaseline } = require('../ml/baseline') as typeof import('../ml/baseline');
      scores.push(NaiveBayesBaseline.load(spec.artifact).predictProba(texts, onProgress));
    } else {
      await ensureThreadBackend(input.backend);
      const { TextClassifier } = require('../ml/text-classifier') as typeof import('../ml/text-classifier');
      const classifier = TextClassifier.load(spec.artifact);
      try {
        scores.push(classifier.predictProba(texts, onProgress));
      } finally {
        classifier.dispose();
      }
    }
  }
  return { scores };
}

export const RUN_HANDLERS: RunHandlers = {
  scoreModels,
  fitBaseline: ({ samples, options }) => (require('../ml/baseline') as typeof import('../ml/baseline')).NaiveBayesBaseline.fit(samples, options).toJSON(),
};

export const STREAM_HANDLERS: StreamHandlers = {
  scanDataset: (require('../dataset/validate-dataset') as typeof import('../dataset/validate-dataset')).SCAN_STREAM_HANDLER,
};
