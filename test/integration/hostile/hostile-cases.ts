/**
 * Hostile inputs, as an attacker or a careless user would send them, by surface. Each case names
 * what it sends and a regex the refusal must match: the field, the value and what is expected.
 * The runner (hostile-inputs.test.ts) sends each one and checks that nothing happened.
 */

const DATE = '2002-09-30T03:00:00Z';
const interval = { start: '2002-09-23T00:00:00Z', end: '2002-09-30T00:00:00Z' };

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

export interface EnvCase {
  readonly name: string;
  readonly env: Record<string, string>;
  readonly expect: RegExp;
  /** Must not appear in the message (a secret). */
  readonly secret?: string;
}

/** loadConfig over the environment. */
export const ENV_CASES: readonly EnvCase[] = [
  {
    name: 'TEMPORAL_ADDRESS port out of range',
    env: { TEMPORAL_ADDRESS: '127.0.0.1:99999' },
    expect: /^TEMPORAL_ADDRESS="127\.0\.0\.1:99999" is invalid: expected host:port with a port from 1 to 65535/,
  },
  { name: 'TEMPORAL_ADDRESS port 0', env: { TEMPORAL_ADDRESS: 'temporal:0' }, expect: /^TEMPORAL_ADDRESS="temporal:0" is invalid: expected host:port/ },
  { name: 'TEMPORAL_ADDRESS without port', env: { TEMPORAL_ADDRESS: 'localhost' }, expect: /^TEMPORAL_ADDRESS="localhost" is invalid: expected host:port/ },
  {
    name: 'TEMPORAL_ADDRESS as a URL',
    env: { TEMPORAL_ADDRESS: 'http://temporal:7233' },
    expect: /^TEMPORAL_ADDRESS="http:\/\/temporal:7233" is invalid: expected host:port/,
  },
  { name: 'TEMPORAL_ADDRESS with a space', env: { TEMPORAL_ADDRESS: 'tem poral:7233' }, expect: /^TEMPORAL_ADDRESS="tem poral:7233" is invalid/ },
  { name: 'TEMPORAL_PORT in hex', env: { TEMPORAL_PORT: '0x1C91' }, expect: /^TEMPORAL_PORT="0x1C91" is invalid: expected an integer port from 0 to 65535/ },
  { name: 'TEMPORAL_PORT in exponent form', env: { TEMPORAL_PORT: '7e3' }, expect: /^TEMPORAL_PORT="7e3" is invalid: expected an integer port/ },
  { name: 'TEMPORAL_PORT negative', env: { TEMPORAL_PORT: '-1' }, expect: /^TEMPORAL_PORT="-1" is invalid: expected an integer port/ },
  { name: 'TEMPORAL_PORT above 65535', env: { TEMPORAL_PORT: '70000' }, expect: /^TEMPORAL_PORT="70000" is invalid: expected an integer port from 0 to 65535/ },
  { name: 'TEMPORAL_PORT fractional', env: { TEMPORAL_PORT: '7233.5' }, expect: /^TEMPORAL_PORT="7233\.5" is invalid: expected an integer port/ },
  { name: 'TEMPORAL_UI_PORT words', env: { TEMPORAL_UI_PORT: 'eighty' }, expect: /^TEMPORAL_UI_PORT="eighty" is invalid: expected an integer port/ },
  { name: 'PG_PORT with spaces', env: { PG_PORT: ' 5432 ' }, expect: /^PG_PORT=" 5432 " is invalid: expected an integer port/ },
  { name: 'HEALTH_PORT hex', env: { HEALTH_PORT: '0x50' }, expect: /^HEALTH_PORT="0x50" is invalid: expected an integer port/ },
  { name: 'METRICS_PORT Infinity', env: { METRICS_PORT: 'Infinity' }, expect: /^METRICS_PORT="Infinity" is invalid: expected an integer port/ },
  { name: 'CODEC_SERVER_PORT 1e9', env: { CODEC_SERVER_PORT: '1e9' }, expect: /^CODEC_SERVER_PORT="1e9" is invalid: expected an integer port/ },
  {
    name: 'DATABASE_URL mysql with a password',
    env: { DATABASE_URL: 'mysql://admin:hunter2@db/x' },
    expect: /^DATABASE_URL="mysql:\/\/admin:\*\*\*@db\/x" is invalid: expected a postgres:\/\/ URL/,
    secret: 'hunter2',
  },
  {
    name: 'DATABASE_URL malformed with a password parameter',
    env: { DATABASE_URL: 'pg://db/x?password=hunter2' },
    expect: /^DATABASE_URL="pg:\/\/db\/x\?password=\*\*\*" is invalid/,
    secret: 'hunter2',
  },
  {
    name: 'SOURCE_DATABASE_URL malformed with a password',
    env: { SOURCE_DATABASE_URL: 'postgre://reader:s3cret@db/x' },
    expect: /^SOURCE_DATABASE_URL="postgre:\/\/reader:\*\*\*@db\/x" is invalid: expected a postgres:\/\/ URL/,
    secret: 's3cret',
  },
  { name: 'TEMPORAL_API_KEY empty-looking', env: { TEMPORAL_API_KEY: ' ' }, expect: /^TEMPORAL_API_KEY="\*\*\*" is invalid: expected a key without spaces/ },
  { name: 'PAYLOAD_KEYS not JSON', env: { PAYLOAD_KEYS: 'k1:c2VjcmV0c2VjcmV0' }, expect: /^PAYLOAD_KEYS="\*\*\*" is invalid/, secret: 'c2VjcmV0c2VjcmV0' },
  {
    name: 'PAYLOAD_KEYS key of the wrong length',
    env: { PAYLOAD_KEYS: '{"current":"k1","keys":{"k1":"c2hvcnRrZXk="}}' },
    expect: /^PAYLOAD_KEYS="\*\*\*" is invalid/,
    secret: 'c2hvcnRrZXk=',
  },
  {
    name: 'CODEC_SERVER_TOKEN too short',
    env: { CODEC_SERVER_TOKEN: 'abc' },
    expect: /^CODEC_SERVER_TOKEN="\*\*\*" is invalid: expected at least 16 characters/,
    secret: 'abc"',
  },
  {
    name: 'AWS_ENDPOINT_URL_S3 not a URL',
    env: { AWS_ENDPOINT_URL_S3: 'seaweed:8333' },
    expect: /^AWS_ENDPOINT_URL_S3="seaweed:8333" is invalid: expected an http\(s\) URL such as/,
  },
  {
    name: 'AWS_ENDPOINT_URL ftp',
    env: { AWS_ENDPOINT_URL: 'ftp://s3.local' },
    expect: /^AWS_ENDPOINT_URL="ftp:\/\/s3\.local" is invalid: expected an http\(s\) URL/,
  },
  {
    name: 'TEMPORAL_UI_CODEC_ENDPOINT javascript:',
    env: { TEMPORAL_UI_CODEC_ENDPOINT: 'javascript:alert(1)' },
    expect: /^TEMPORAL_UI_CODEC_ENDPOINT="javascript:alert\(1\)" is invalid: expected an http\(s\) URL/,
  },
  {
    name: 'ARTIFACT_STORE bucket in capitals',
    env: { ARTIFACT_STORE: 's3://A' },
    expect: /^ARTIFACT_STORE="s3:\/\/A" is invalid: expected s3:\/\/bucket\/prefix/,
  },
  {
    name: 'ARTIFACT_STORE gs://',
    env: { ARTIFACT_STORE: 'gs://bucket/x' },
    expect: /^ARTIFACT_STORE="gs:\/\/bucket\/x" is invalid: expected s3:\/\/bucket\/prefix/,
  },
  { name: 'WORKER_QUEUES tpu', env: { WORKER_QUEUES: 'cpu,tpu' }, expect: /^WORKER_QUEUES="cpu,tpu" is invalid: expected a comma-separated list of cpu, gpu/ },
  { name: 'WORKER_QUEUES trailing comma', env: { WORKER_QUEUES: 'cpu,' }, expect: /^WORKER_QUEUES="cpu," is invalid/ },
  { name: 'LOG_LEVEL unknown', env: { LOG_LEVEL: 'verbose' }, expect: /^LOG_LEVEL="verbose" is invalid: expected one of trace, debug/ },
  { name: 'LOG_PRETTY yes', env: { LOG_PRETTY: 'yes' }, expect: /^LOG_PRETTY="yes" is invalid: expected true, false, 1 or 0/ },
  { name: 'TEMPORAL_TLS maybe', env: { TEMPORAL_TLS: 'maybe' }, expect: /^TEMPORAL_TLS="maybe" is invalid: expected true, false, 1 or 0/ },
  { name: 'S3_FORCE_PATH_STYLE TRUE', env: { S3_FORCE_PATH_STYLE: 'TRUE' }, expect: /^S3_FORCE_PATH_STYLE="TRUE" is invalid/ },
  { name: 'SHUTDOWN_GRACE words', env: { SHUTDOWN_GRACE: 'ten seconds' }, expect: /^SHUTDOWN_GRACE="ten seconds" is invalid: expected a duration such as/ },
  { name: 'SHUTDOWN_GRACE 0s', env: { SHUTDOWN_GRACE: '0s' }, expect: /^SHUTDOWN_GRACE="0s" is invalid: expected a duration/ },
  { name: 'SHUTDOWN_GRACE negative', env: { SHUTDOWN_GRACE: '-5s' }, expect: /^SHUTDOWN_GRACE="-5s" is invalid: expected a duration/ },
  { name: 'COMPUTE_THREADS 0', env: { COMPUTE_THREADS: '0' }, expect: /^COMPUTE_THREADS="0" is invalid: expected an integer from 1 to 256/ },
  { name: 'COMPUTE_THREADS hex', env: { COMPUTE_THREADS: '0x10' }, expect: /^COMPUTE_THREADS="0x10" is invalid: expected an integer from 1 to 256/ },
  { name: 'COMPUTE_THREADS 1000', env: { COMPUTE_THREADS: '1000' }, expect: /^COMPUTE_THREADS="1000" is invalid: expected an integer from 1 to 256/ },
  { name: 'TFJS_BACKEND cuda', env: { TFJS_BACKEND: 'cuda' }, expect: /^TFJS_BACKEND="cuda" is invalid: expected one of/ },
  {
    name: 'CODEC_SERVER_CORS_ORIGINS with a path',
    env: { CODEC_SERVER_CORS_ORIGINS: 'http://ui:8233/x' },
    expect: /^CODEC_SERVER_CORS_ORIGINS="http:\/\/ui:8233\/x" is invalid: expected a comma-separated list of origins/,
  },
  {
    name: 'FACTORY_CONFIG missing file',
    env: { FACTORY_CONFIG: '/nonexistent/factory.json' },
    expect: /^FACTORY_CONFIG="\/nonexistent\/factory\.json" is invalid: expected a readable JSON file/,
  },
];

export interface FileCase {
  readonly name: string;
  /** Written as the FACTORY_CONFIG file, as is. */
  readonly text: string;
  readonly expect: RegExp;
  readonly secret?: string;
}

/** loadConfig with FACTORY_CONFIG pointing at a file of this text. */
export const FILE_CASES: readonly FileCase[] = [
  { name: 'not JSON', text: '{ not json', expect: /^FACTORY_CONFIG=".*factory\.json" is invalid: expected valid JSON/ },
  { name: 'a JSON array', text: '["DATABASE_URL"]', expect: /^FACTORY_CONFIG=".*factory\.json" is invalid: expected a JSON object of VARIABLE: value/ },
  {
    name: 'a nested value',
    text: '{"TEMPORAL_PORT":{"value":7233}}',
    expect: /^FACTORY_CONFIG=".*factory\.json" is invalid: expected a JSON object of VARIABLE: value/,
  },
  { name: 'a port in hex', text: '{"TEMPORAL_PORT":"0x1C91"}', expect: /^TEMPORAL_PORT="0x1C91" is invalid: expected an integer port/ },
  { name: 'a fractional port number', text: '{"PG_PORT":5432.5}', expect: /^PG_PORT="5432\.5" is invalid: expected an integer port/ },
  {
    name: 'a malformed DATABASE_URL with a password',
    text: '{"DATABASE_URL":"postgress://app:topsecret@db/x"}',
    expect: /^DATABASE_URL="postgress:\/\/app:\*\*\*@db\/x" is invalid: expected a postgres:\/\/ URL/,
    secret: 'topsecret',
  },
  {
    name: 'an address with a port out of range',
    text: '{"TEMPORAL_ADDRESS":"temporal:65536"}',
    expect: /^TEMPORAL_ADDRESS="temporal:65536" is invalid: expected host:port/,
  },
  { name: 'a boolean where a level is expected', text: '{"LOG_LEVEL":true}', expect: /^LOG_LEVEL="true" is invalid: expected one of/ },
];

export interface ParamFlagCase {
  readonly name: string;
  readonly flags: readonly string[];
  readonly logicalDate?: string;
  readonly expect: RegExp;
}

/** `factory run weekly_retraining --param ...`, through the CLI's own parser and prepareRun. */
export const PARAM_FLAG_CASES: readonly ParamFlagCase[] = [
  { name: '__proto__ path', flags: ['__proto__.modelName=evil'], expect: /--param "__proto__\.modelName" is invalid: "__proto__" is not a param name/ },
  {
    name: 'constructor.prototype path',
    flags: ['constructor.prototype.x=1'],
    expect: /--param "constructor\.prototype\.x" is invalid: "constructor" is not a param name/,
  },
  { name: 'nested prototype path', flags: ['gate.prototype.x=1'], expect: /--param "gate\.prototype\.x" is invalid: "prototype" is not a param name/ },
  { name: 'no equals sign', flags: ['epochs'], expect: /--param "epochs" is invalid: expected key=value/ },
  { name: 'empty path part', flags: ['gate..f1=1'], expect: /--param "gate\.\.f1=1" is invalid: expected key=value/ },
  { name: 'a param given twice', flags: ['epochs=3', 'epochs=4'], expect: /--param epochs given twice/ },
  { name: 'misspelt param', flags: ['epoch=3'], expect: /params\.epoch: unknown field/ },
  { name: 'epochs as text', flags: ['epochs=three'], expect: /params\.epochs: expected number, got "three"/ },
  { name: 'epochs 0', flags: ['epochs=0'], expect: /params\.epochs: .*(>=|at least|too small).*1.*got 0|params\.epochs.*got 0/ },
  { name: 'epochs 1e9', flags: ['epochs=1e9'], expect: /params\.epochs: .*got 1000000000/ },
  { name: 'epochs fractional', flags: ['epochs=2.5'], expect: /params\.epochs: expected int, got 2\.5/ },
  { name: 'seed negative', flags: ['seed=-1'], expect: /params\.seed: .*got -1/ },
  { name: 'modelName with a slash', flags: ['modelName=../evil'], expect: /params\.modelName: at most 63 lowercase letters.*got "\.\.\/evil"/ },
  { name: 'modelName uppercase', flags: ['modelName=Spam'], expect: /params\.modelName: at most 63 lowercase letters.*got "Spam"/ },
  { name: 'approval maybe', flags: ['approval=maybe'], expect: /params\.approval: .*"auto".*"manual".*got "maybe"/ },
  { name: 'approvalTimeout 0d', flags: ['approvalTimeout=0d'], expect: /params\.approvalTimeout: a duration from 1s to 90d.*got "0d"/ },
  {
    name: 'approvalTimeout 99999999999d',
    flags: ['approvalTimeout=99999999999d'],
    expect: /params\.approvalTimeout: a duration from 1s to 90d.*got "99999999999d"/,
  },
  { name: 'approvalTimeout as a number', flags: ['approvalTimeout=3600'], expect: /params\.approvalTimeout: .*got 3600/ },
  {
    name: 'holdoutWeeks equal to trainingWeeks',
    flags: ['trainingWeeks=4', 'holdoutWeeks=4'],
    expect: /params\.holdoutWeeks: fewer than trainingWeeks \(4\).*got 4/,
  },
  {
    name: 'holdoutWeeks above trainingWeeks',
    flags: ['trainingWeeks=3', 'holdoutWeeks=10'],
    expect: /params\.holdoutWeeks: fewer than trainingWeeks \(3\).*got 10/,
  },
  { name: 'trainingWeeks 1', flags: ['trainingWeeks=1'], expect: /params\.trainingWeeks: .*got 1/ },
  { name: 'gate threshold above 1', flags: ['gate.minimum.f1=2'], expect: /params\.gate\.minimum\.f1: .*got 2/ },
  { name: 'unknown gate metric', flags: ['gate.minimum.accuracyy=0.9'], expect: /params\.gate\.minimum\.accuracyy: unknown field/ },
  { name: 'modelConfig unknown field', flags: ['modelConfig.layers=12'], expect: /params\.modelConfig\.layers: unknown field/ },
  { name: 'shuffleLabels yes', flags: ['shuffleLabels=yes'], expect: /params\.shuffleLabels: expected boolean, got "yes"/ },
  {
    name: 'logical date year 0001',
    flags: [],
    logicalDate: '0001-01-01T00:00:00Z',
    expect: /logicalDate: an instant from 1970-01-01T00:00:00Z .*got "0001-01-01T00:00:00Z"/,
  },
  {
    name: 'logical date 9999-12-31',
    flags: [],
    logicalDate: '9999-12-31T00:00:00Z',
    expect: /logicalDate: an instant from 1970-01-01T00:00:00Z .*got "9999-12-31T00:00:00Z"/,
  },
  { name: 'logical date without zone', flags: [], logicalDate: '2002-09-30T03:00:00', expect: /logicalDate: .*got "2002-09-30T03:00:00"/ },
  { name: 'logical date as words', flags: [], logicalDate: 'last monday', expect: /logicalDate: .*got "last monday"/ },
];

export interface ClientCase {
  readonly name: string;
  /** Calls the factory client (a real Temporal dev server behind it). */
  readonly call: (client: import('../../../client').FactoryClient) => Promise<unknown>;
  readonly expect: RegExp;
}

const big = 'x'.repeat(1_000_000);

/** Typed-client calls, including the shapes a JavaScript caller (no compiler) can send. */
export const CLIENT_CASES: readonly ClientCase[] = [
  {
    name: 'startRetraining(null)',
    call: (c) => c.startRetraining(null as never),
    expect: /startRetraining: input must be an object of params .*\(got null\); nothing was sent/,
  },
  { name: 'startRetraining("spam")', call: (c) => c.startRetraining('spam' as never), expect: /startRetraining: input must be an object.*got "spam"/ },
  { name: 'startRetraining([])', call: (c) => c.startRetraining([] as never), expect: /startRetraining: input must be an object.*got \[\]/ },
  { name: 'startRun(null dag)', call: (c) => c.startRun(null as never), expect: /startRun: dagId must be a DAG id .*got null/ },
  { name: 'startRun unknown DAG', call: (c) => c.startRun('weekly_retrainin'), expect: /weekly_retrainin/ },
  { name: 'startRun input null', call: (c) => c.startRun('weekly_retraining', null as never), expect: /startRun: input must be an object.*got null/ },
  { name: 'epochs NaN', call: (c) => c.startRetraining({ epochs: NaN, logicalDate: DATE }), expect: /params\.epochs: expected number/ },
  { name: 'epochs Infinity', call: (c) => c.startRetraining({ epochs: Infinity, logicalDate: DATE }), expect: /params\.epochs: / },
  {
    name: 'epochs as the string "3"',
    call: (c) => c.startRetraining({ epochs: '3' as never, logicalDate: DATE }),
    expect: /params\.epochs: expected number, got "3"/,
  },
  {
    name: 'modelConfig 5,000 levels deep',
    call: (c) => c.startRetraining({ modelConfig: nested(5000) as never, logicalDate: DATE }),
    expect: /params\.modelConfig\.a: unknown field/,
  },
  {
    name: 'learningRate as a deep object',
    call: (c) => c.startRetraining({ modelConfig: { learningRate: nested(100) as never }, logicalDate: DATE }),
    expect: /params\.modelConfig\.learningRate: expected number/,
  },
  { name: 'modelName 1 MB', call: (c) => c.startRetraining({ modelName: big, logicalDate: DATE }), expect: /params\.modelName: at most 63 lowercase letters/ },
  {
    name: 'holdoutWeeks = trainingWeeks',
    call: (c) => c.startRetraining({ trainingWeeks: 2, holdoutWeeks: 2, logicalDate: DATE }),
    expect: /params\.holdoutWeeks: fewer than trainingWeeks \(2\)/,
  },
  {
    name: 'approvalTimeout 0d',
    call: (c) => c.startRetraining({ approvalTimeout: '0d', logicalDate: DATE }),
    expect: /params\.approvalTimeout: a duration from 1s to 90d.*got "0d"/,
  },
  {
    name: 'approvalTimeout 91d',
    call: (c) => c.startRetraining({ approvalTimeout: '91d', logicalDate: DATE }),
    expect: /params\.approvalTimeout: a duration from 1s to 90d.*got "91d"/,
  },
  {
    name: 'logical date 0001',
    call: (c) => c.startRetraining({ logicalDate: '0001-01-01T00:00:00Z' }),
    expect: /logicalDate: an instant from 1970-01-01.*got "0001-01-01T00:00:00Z"/,
  },
  {
    name: 'logical date 9999',
    call: (c) => c.startRetraining({ logicalDate: '9999-12-31T23:59:59Z' }),
    expect: /logicalDate: an instant from 1970-01-01.*got "9999-12-31T23:59:59Z"/,
  },
  { name: 'runKind forged', call: (c) => c.startRetraining({ runKind: 'replay' as never, logicalDate: DATE }), expect: /runKind: .*got "replay"/ },
  {
    name: 'onParamsDiffer unknown',
    call: (c) => c.startRetraining({ onParamsDiffer: 'ignore' as never, logicalDate: DATE }),
    expect: /onParamsDiffer: expected "warn" or "error" \(got "ignore"\)/,
  },
  {
    name: 'taskQueues as a param',
    call: (c) => c.startRetraining({ taskQueues: { gpu: 'nonexistent-queue' } } as never),
    expect: /params\.taskQueues: unknown field/,
  },
  { name: 'carried as a param', call: (c) => c.startRetraining({ carried: { segment: 1 } } as never), expect: /params\.carried: unknown field/ },
  { name: 'getRun("")', call: (c) => c.getRun(''), expect: /getRun: workflowId must be a non-empty workflow id .*got ""/ },
  { name: 'getRun(null)', call: (c) => c.getRun(null as never), expect: /getRun: workflowId must be a non-empty workflow id .*got null/ },
  { name: 'getRun of 2,000 characters', call: (c) => c.getRun('w'.repeat(2000)), expect: /getRun: workflowId must be a non-empty workflow id/ },
  {
    name: 'getRun unknown id',
    call: (c) => c.getRun('weekly_retraining/nobody/2002-W01'),
    expect: /no run with workflow id "weekly_retraining\/nobody\/2002-W01"/,
  },
  { name: 'waitForRun("")', call: (c) => c.waitForRun(''), expect: /waitForRun: workflowId must be a non-empty workflow id/ },
  { name: 'cancelRun("")', call: (c) => c.cancelRun(''), expect: /cancelRun: workflowId must be a non-empty workflow id/ },
  { name: 'failRun(" ")', call: (c) => c.failRun(' '), expect: /failRun: workflowId must be a non-empty workflow id .*got " "/ },
  {
    name: 'approvePromotion of an unknown run',
    call: (c) => c.approvePromotion({ workflowId: 'weekly_retraining/nobody/2002-W01', by: 'eve' }),
    expect: /no run with workflow id "weekly_retraining\/nobody\/2002-W01"/,
  },
  {
    name: 'listRuns with a bad state',
    call: (c) => c.listRuns({ state: 'exploded' } as never),
    expect: /invalid listRuns filter: filter\.state: unknown field/,
  },
];

export interface RegistryCase {
  readonly name: string;
  readonly call: (client: import('../../../client').FactoryClient) => Promise<unknown>;
  readonly expect: RegExp;
}

/** Registry reads through the client: refused before any SQL. */
export const REGISTRY_CASES: readonly RegistryCase[] = [
  {
    name: 'getVersion version -1',
    call: (c) => c.getVersion('spam', -1),
    expect: /getVersion: version must be a positive integer version such as 3 \(got -1\)/,
  },
  { name: 'getVersion version 1.5', call: (c) => c.getVersion('spam', 1.5), expect: /getVersion: version must be a positive integer.*got 1\.5/ },
  { name: 'getVersion version NaN', call: (c) => c.getVersion('spam', NaN), expect: /getVersion: version must be a positive integer.*got "NaN"/ },
  { name: 'getVersion version "3"', call: (c) => c.getVersion('spam', '3' as never), expect: /getVersion: version must be a positive integer.*got "3"/ },
  { name: 'getVersion model ""', call: (c) => c.getVersion('', 1), expect: /getVersion: model must be a model name .*got ""/ },
  {
    name: 'getVersion SQL in the model',
    call: (c) => c.getVersion("spam'; DROP TABLE model_versions; --", 1),
    expect: /getVersion: model must be a model name .*got "spam'; DROP TABLE/,
  },
  { name: 'listVersions null', call: (c) => c.listVersions(null as never), expect: /listVersions: model must be a model name .*got null/ },
  { name: 'getChampion uppercase', call: (c) => c.getChampion('SPAM'), expect: /getChampion: model must be a model name .*got "SPAM"/ },
  { name: 'getAlias bad alias', call: (c) => c.getAlias('spam', 'Champion!'), expect: /getAlias: alias must be an alias name .*got "Champion!"/ },
  { name: 'aliasHistory bad alias', call: (c) => c.aliasHistory('spam', ''), expect: /aliasHistory: alias must be an alias name .*got ""/ },
  { name: 'statusHistory version 0', call: (c) => c.statusHistory('spam', 0), expect: /statusHistory: version must be a positive integer.*got 0/ },
  { name: 'getVersion of a version that does not exist', call: (c) => c.getVersion('spam', 999), expect: /version 999 of model "spam" does not exist/ },
];

export interface RawStartCase {
  readonly name: string;
  /** The workflow input as `temporal workflow start --input` would send it, type weekly_retraining. */
  readonly input: unknown;
  readonly expect: RegExp;
}

const valid = { params: { modelName: 'hostile', epochs: 1 }, logicalDate: DATE, runKind: 'manual' };

/** Raw starts with the workflow type, past every client check: the workflow refuses them before any activity. */
export const RAW_START_CASES: readonly RawStartCase[] = [
  {
    name: 'taskQueues.gpu nonexistent-queue',
    input: { ...valid, taskQueues: { gpu: 'nonexistent-queue' } },
    expect: /input\.taskQueues\.gpu: one of "factory-cpu", "factory-gpu".*got "nonexistent-queue"/,
  },
  {
    name: 'taskQueues.cpu nonexistent-queue',
    input: { ...valid, taskQueues: { cpu: 'elsewhere' } },
    expect: /input\.taskQueues\.cpu: one of .*got "elsewhere"/,
  },
  { name: 'taskQueues.tpu', input: { ...valid, taskQueues: { tpu: 'x' } }, expect: /input\.taskQueues.*tpu/ },
  { name: 'taskQueues empty name', input: { ...valid, taskQueues: { gpu: '' } }, expect: /input\.taskQueues\.gpu/ },
  {
    name: 'forged carried state',
    input: { ...valid, carried: { segment: 7, dagVersion: 1, scheduler: { states: [] }, records: {} } },
    expect: /input\.carried: engine state set only by continue-as-new/,
  },
  {
    name: 'forged carried with an unknown DAG version',
    input: { ...valid, carried: { segment: 1, dagVersion: 99 } },
    expect: /input\.carried: engine state set only by continue-as-new/,
  },
  { name: 'carried as a string', input: { ...valid, carried: 'x' }, expect: /input\.carried/ },
  { name: 'logical date 0001', input: { ...valid, logicalDate: '0001-01-01T00:00:00Z' }, expect: /input\.logicalDate: an instant from 1970-01-01T00:00:00Z/ },
  {
    name: 'logical date 9999-12-31',
    input: { ...valid, logicalDate: '9999-12-31T00:00:00Z' },
    expect: /input\.logicalDate: an instant from 1970-01-01T00:00:00Z.*got "9999-12-31T00:00:00Z"/,
  },
  { name: 'logical date not ISO', input: { ...valid, logicalDate: 'Mon, 30 Sep 2002 03:00:00 GMT' }, expect: /input\.logicalDate/ },
  { name: 'no logical date', input: { params: { modelName: 'hostile' } }, expect: /input\.logicalDate: required by DAG "weekly_retraining"/ },
  { name: 'runKind forged', input: { ...valid, runKind: 'replay' }, expect: /input\.runKind.*"replay"/ },
  { name: 'continueAsNewAfterEvents 1', input: { ...valid, continueAsNewAfterEvents: 1 }, expect: /input\.continueAsNewAfterEvents.*1/ },
  { name: 'params an array', input: { ...valid, params: [1, 2] }, expect: /params/ },
  {
    name: 'params with __proto__ key',
    input: JSON.parse('{"params":{"__proto__":{"modelName":"evil"}},"logicalDate":"2002-09-30T03:00:00Z"}') as unknown,
    expect: /params\.__proto__: unknown field|__proto__/,
  },
  {
    name: 'approvalTimeout 0d',
    input: { ...valid, params: { ...valid.params, approvalTimeout: '0d' } },
    expect: /params\.approvalTimeout: a duration from 1s to 90d.*got "0d"/,
  },
  {
    name: 'approvalTimeout 99999999999d',
    input: { ...valid, params: { ...valid.params, approvalTimeout: '99999999999d' } },
    expect: /params\.approvalTimeout: a duration from 1s to 90d/,
  },
  {
    name: 'holdoutWeeks >= trainingWeeks',
    input: { ...valid, params: { ...valid.params, trainingWeeks: 2, holdoutWeeks: 5 } },
    expect: /params\.holdoutWeeks: fewer than trainingWeeks \(2\)/,
  },
  {
    // 5,000 levels never leave the caller: the SDK's JSON converter refuses them ("Unable to convert").
    name: 'modelConfig 1,000 levels deep',
    input: { ...valid, params: { ...valid.params, modelConfig: nested(1000) } },
    expect: /params\.modelConfig\.a: unknown field/,
  },
  { name: 'epochs as a string', input: { ...valid, params: { ...valid.params, epochs: '3' } }, expect: /params\.epochs: expected number, got "3"/ },
  {
    name: 'an unknown param',
    input: { ...valid, params: { ...valid.params, source: { kind: 'query', sql: 'DELETE FROM model_versions' } } },
    expect: /params\.source: unknown field/,
  },
  { name: 'input a number', input: 42, expect: /input|expected object/ },
];

export interface UpdateCase {
  readonly name: string;
  /** The decideApproval request, sent raw to a run waiting in its pipeline. */
  readonly request: unknown;
  readonly expect: RegExp;
}

/** Raw decideApproval Updates: the validator refuses each before anything is written to history. */
export const UPDATE_CASES: readonly UpdateCase[] = [
  {
    name: 'a 1 MB reason',
    request: { taskId: 'approve_promotion', decision: 'approve', by: 'eve', reason: big },
    expect: /reason must be text of at most 2000 characters \(got "x{40}"\.\.\. \(1000000 characters\)\)/,
  },
  {
    name: 'a reason that is an object',
    request: { taskId: 'approve_promotion', decision: 'approve', by: 'eve', reason: { text: 'x' } },
    expect: /reason must be text of at most 2000 characters \(got \{"text":"x"\}\)/,
  },
  {
    name: 'by of 10,000 characters',
    request: { taskId: 'approve_promotion', decision: 'approve', by: 'e'.repeat(10_000) },
    expect: /by must name who decides in 1 to 200 characters \(got "e{40}"\.\.\. \(10000 characters\)\)/,
  },
  {
    name: 'by empty',
    request: { taskId: 'approve_promotion', decision: 'approve', by: '' },
    expect: /by must name who decides in 1 to 200 characters \(got ""\)/,
  },
  { name: 'by a number', request: { taskId: 'approve_promotion', decision: 'approve', by: 7 }, expect: /by must name who decides .*\(got 7\)/ },
  {
    name: 'decision maybe',
    request: { taskId: 'approve_promotion', decision: 'maybe', by: 'eve' },
    expect: /decision must be "approve" or "reject" \(got "maybe"\)/,
  },
  {
    name: 'an unknown task',
    request: { taskId: 'drop_tables', decision: 'approve', by: 'eve' },
    expect: /unknown task "drop_tables"; tasks of this DAG: extract_events/,
  },
  {
    name: 'a task that is not an approval',
    request: { taskId: 'train_model', decision: 'approve', by: 'eve' },
    expect: /task "train_model" is not an approval task \(kind: activity\)/,
  },
  { name: 'a null request', request: null, expect: /unknown task undefined/ },
  {
    name: 'a well-formed approval while nothing awaits one',
    request: { taskId: 'approve_promotion', decision: 'approve', by: 'eve' },
    expect: /task "approve_promotion" is not waiting for approval \(state: /,
  },
];

export interface CheckRequestCase {
  readonly name: string;
  readonly details: unknown;
  readonly expect: RegExp;
}

/** The weekly DAG's own check of what a decision says it reviewed (model v3 awaits). */
export const APPROVAL_DETAIL_CASES: readonly CheckRequestCase[] = [
  {
    name: 'version as the string "3"',
    details: { version: '3' },
    expect: /details\.version must be an integer model version such as 3 \(got "3" of type string\)/,
  },
  { name: 'version 2.5', details: { version: 2.5 }, expect: /details\.version must be an integer model version such as 3 \(got 2\.5 of type number\)/ },
  { name: 'version of another candidate', details: { version: 2 }, expect: /version 2 of model spam is not awaiting approval \(awaiting: 3\)/ },
  { name: 'another model', details: { model: 'ham' }, expect: /model "ham" is not awaiting approval in this run \(awaiting: spam v3\)/ },
  { name: 'model as a number', details: { model: 3 }, expect: /details\.model must be a model name such as "spam" \(got 3\)/ },
];

export interface ScheduleCase {
  readonly name: string;
  readonly run: () => unknown;
  readonly expect: RegExp;
}

/** Schedules and backfills, refused before anything reaches Temporal (the runner builds them). */
export const SCHEDULE_CASES = (api: typeof import('../../../schedules')): readonly ScheduleCase[] => [
  { name: 'cron with six fields', run: () => api.checkCron('weekly', '0 0 3 * * 1', 'UTC'), expect: /weekly.*0 0 3 \* \* 1/ },
  { name: 'cron with words', run: () => api.checkCron('weekly', 'every monday', 'UTC'), expect: /weekly.*every monday/ },
  { name: 'unknown time zone', run: () => api.checkTimeZone('weekly', 'Mars/Olympus'), expect: /weekly.*Mars\/Olympus/ },
  {
    name: 'schedule id with a slash',
    run: () => api.ScheduleDefinitionSchema.parse({ id: '../x', dag: 'weekly_retraining', cron: '0 3 * * 1' }),
    expect: /lowercase letters, digits/,
  },
  {
    name: 'catchupWindow words',
    run: () => api.ScheduleDefinitionSchema.parse({ id: 'x', dag: 'weekly_retraining', cron: '0 3 * * 1', catchupWindow: 'forever' }),
    expect: /a duration such as/,
  },
  {
    name: 'overlap unknown',
    run: () => api.ScheduleDefinitionSchema.parse({ id: 'x', dag: 'weekly_retraining', cron: '0 3 * * 1', overlap: 'QUEUE' }),
    expect: /SKIP/,
  },
  {
    name: 'backfill from after to',
    run: () => api.planBackfill({ dag: 'weekly_retraining', from: '2002-10-01T00:00:00Z', to: '2002-09-01T00:00:00Z' }),
    expect: /backfill from 2002-10-01T00:00:00\.000Z is after to 2002-09-01/,
  },
  {
    name: 'backfill from not a date',
    run: () => api.planBackfill({ dag: 'weekly_retraining', from: 'yesterday', to: '2002-09-01T00:00:00Z' }),
    expect: /from.*yesterday/,
  },
  {
    name: 'backfill with a bad param',
    run: () => api.planBackfill({ dag: 'weekly_retraining', from: '2002-09-01T00:00:00Z', to: '2002-09-30T00:00:00Z', params: { epochs: -1 } }),
    expect: /params\.epochs: .*got -1/,
  },
  {
    name: 'backfill of year 0001',
    run: () => api.planBackfill({ dag: 'weekly_retraining', from: '0001-01-01T00:00:00Z', to: '0001-01-08T00:00:00Z' }),
    expect: /backfill from "0001-01-01T00:00:00Z" is invalid: expected an instant from 1970-01-01/,
  },
  {
    name: 'backfill with holdoutWeeks too big',
    run: () => api.planBackfill({ dag: 'weekly_retraining', from: '2002-09-01T00:00:00Z', to: '2002-09-08T00:00:00Z', params: { holdoutWeeks: 30 } }),
    expect: /params\.holdoutWeeks: fewer than trainingWeeks \(26\)/,
  },
  {
    name: 'schedule params with an unknown DAG',
    run: () => api.planBackfill({ dag: 'nope_dag', from: '2002-09-01T00:00:00Z', to: '2002-09-08T00:00:00Z' }),
    expect: /nope_dag/,
  },
];

export interface SourceConfigCase {
  readonly name: string;
  readonly config: string;
  readonly expect: RegExp;
}

/** SOURCE_CONFIG as a worker reads it (parseSourceSetting), refused before anything connects. */
export const SOURCE_CONFIG_CASES: readonly SourceConfigCase[] = [
  { name: 'not JSON', config: '{kind: table}', expect: /^SOURCE_CONFIG="\{kind: table\}" is invalid: expected valid JSON/ },
  {
    name: 'a missing file',
    config: '/nonexistent/source.json',
    expect: /^SOURCE_CONFIG="\/nonexistent\/source\.json" is invalid: expected inline JSON or a readable JSON file/,
  },
  { name: 'unknown kind', config: '{"kind":"mongo"}', expect: /^SOURCE_CONFIG=.*is invalid: .*source configuration is invalid/ },
  {
    name: 'table name breaking out of its quotes',
    config:
      '{"kind":"table","table":"events\\"; DROP TABLE x; --","columns":{"id":"id","text":"t","label":"l","eventTime":"e"},"labelMapping":{"positive":["1"],"negative":["0"]}}',
    expect: /source configuration is invalid: table: an identifier without double quotes/,
  },
  {
    name: 'column name with a quote',
    config:
      '{"kind":"table","table":"events","columns":{"id":"id\\"","text":"t","label":"l","eventTime":"e"},"labelMapping":{"positive":["1"],"negative":["0"]}}',
    expect: /source configuration is invalid: .*columns\.id/,
  },
  {
    name: 'empty labelMapping',
    config: '{"kind":"table","table":"events","columns":{"id":"id","text":"t","label":"l","eventTime":"e"},"labelMapping":{"positive":[],"negative":[]}}',
    expect: /source configuration is invalid: .*labelMapping/,
  },
  { name: 'query without parameters', config: '{"kind":"query","sql":"SELECT * FROM moderation_events"}', expect: /source configuration is invalid: .*sql/ },
  { name: 'query empty', config: '{"kind":"query","sql":""}', expect: /source configuration is invalid: .*sql/ },
];

export interface SourceQueryCase {
  readonly name: string;
  readonly source: unknown;
  readonly expect: RegExp;
}

/** Sources that parse but are wrong against a real PostgreSQL: named by checkSource before any read. */
export const SOURCE_CHECK_CASES: readonly SourceQueryCase[] = [
  {
    name: 'a data-modifying CTE',
    source: {
      kind: 'query',
      sql: 'WITH d AS (DELETE FROM moderation_events RETURNING *) SELECT id, content AS text, label, event_time, source FROM d WHERE event_time >= $1 AND event_time < $2',
    },
    expect: /source query is invalid: .*\(SQLSTATE 0A000\); expected one read-only SELECT/,
  },
  {
    name: 'a query calling a writing function',
    source: {
      kind: 'query',
      sql: "SELECT id, content AS text, label, event_time, source FROM moderation_events WHERE event_time >= $1 AND event_time < $2 AND nextval('hostile_seq') > 0",
    },
    expect: /source query is invalid: .*\(SQLSTATE (42P01|25006)\)/,
  },
  {
    name: 'a table name holding SQL (quoted, so only a name)',
    source: {
      kind: 'table',
      table: 'events; DROP TABLE model_versions',
      columns: { id: 'id', text: 'content', label: 'label', eventTime: 'event_time' },
      labelMapping: { positive: ['spam'], negative: ['ham'] },
    },
    expect: /source table "events; DROP TABLE model_versions" does not exist/,
  },
  {
    name: 'a table that does not exist',
    source: {
      kind: 'table',
      table: 'no_such_events',
      columns: { id: 'id', text: 'content', label: 'label', eventTime: 'event_time' },
      labelMapping: { positive: ['spam'], negative: ['ham'] },
    },
    expect: /source table "no_such_events" does not exist/,
  },
  {
    name: 'a column that does not exist',
    source: {
      kind: 'table',
      table: 'moderation_events',
      columns: { id: 'id', text: 'body', label: 'label', eventTime: 'event_time' },
      labelMapping: { positive: ['spam'], negative: ['ham'] },
    },
    expect: /lacks column "body" \(columns\.text\)/,
  },
  {
    name: 'a query with a syntax error',
    source: { kind: 'query', sql: 'SELEC id FROM moderation_events WHERE event_time >= $1 AND event_time < $2' },
    expect: /source query is invalid: syntax error/,
  },
  {
    name: 'a query missing columns',
    source: { kind: 'query', sql: 'SELECT id FROM moderation_events WHERE event_time >= $1 AND event_time < $2' },
    expect: /returns no column "text", "label", "event_time", "source"/,
  },
];

export interface ActivityCase {
  readonly name: string;
  readonly activity: 'extractEvents' | 'measureDrift';
  readonly input: unknown;
  readonly expect: RegExp;
}

/** Activity inputs as a forged workflow could send them. */
export const ACTIVITY_CASES: readonly ActivityCase[] = [
  {
    name: 'extractEvents with a source query',
    activity: 'extractEvents',
    input: {
      source: { kind: 'query', sql: 'SELECT * FROM model_versions WHERE $1::text IS NOT NULL AND $2::text IS NOT NULL' },
      modelName: 'spam',
      dataInterval: interval,
      trainingWeeks: 1,
      runKey: 'k',
    },
    expect: /extractEvents input is invalid: source: must be absent: the source comes only from the worker configuration/,
  },
  {
    name: 'extractEvents with a source table',
    activity: 'extractEvents',
    input: { source: { kind: 'table', table: 'model_versions' }, modelName: 'spam', dataInterval: interval, trainingWeeks: 1, runKey: 'k' },
    expect: /source: must be absent/,
  },
  {
    name: 'measureDrift with a source query',
    activity: 'measureDrift',
    input: { source: { kind: 'query', sql: 'DELETE FROM model_versions' }, modelName: 'spam', logicalDate: DATE, lookbackDays: 7, minRecentRows: 10 },
    expect: /measureDrift input is invalid: source: must be absent: the source comes only from the worker configuration/,
  },
  {
    name: 'extractEvents reversed interval',
    activity: 'extractEvents',
    input: { modelName: 'spam', dataInterval: { start: interval.end, end: interval.start }, trainingWeeks: 1, runKey: 'k' },
    expect: /dataInterval: start must be before end/,
  },
  {
    name: 'extractEvents model path',
    activity: 'extractEvents',
    input: { modelName: '../../etc', dataInterval: interval, trainingWeeks: 1, runKey: 'k' },
    expect: /modelName: at most 63 lowercase letters.*got "\.\.\/\.\.\/etc"/,
  },
  {
    name: 'measureDrift lookback 0',
    activity: 'measureDrift',
    input: { modelName: 'spam', logicalDate: DATE, lookbackDays: 0, minRecentRows: 10 },
    expect: /lookbackDays: .*got 0/,
  },
];

export interface ArtifactCase {
  readonly name: string;
  readonly uri: (storeLocation: string) => string;
  readonly expect: RegExp;
}

/** Artifact URIs a caller could hand a store (a registry row, a manifest): reads stay inside it. */
export const ARTIFACT_CASES: readonly ArtifactCase[] = [
  { name: 'another folder', uri: () => 'file:///etc/passwd', expect: /artifact URI "file:\/\/\/etc\/passwd" is not inside this store/ },
  { name: 'a parent path', uri: (l) => `${l}/../../etc/passwd`, expect: /\.\./ },
  { name: 'an encoded parent path', uri: (l) => `${l}/%2e%2e/%2e%2e/etc/passwd`, expect: /\.\.|not inside|invalid/ },
  { name: 'an s3 URI on a local store', uri: () => 's3://bucket/datasets/x', expect: /artifact URI "s3:\/\/bucket\/datasets\/x" is not inside this store/ },
  { name: 'a prefix look-alike', uri: (l) => `${l}-evil/x.json`, expect: /is not inside this store/ },
];

export interface DatasetCase {
  readonly name: string;
  /** Rows inserted into a fresh source table: [id, text, label]. */
  readonly rows: ReadonlyArray<readonly [string, string, string]>;
  readonly labelMapping: { positive: string[]; negative: string[] };
  readonly expect: RegExp;
  /** The message is a warning (the run goes on) rather than an invalid dataset. */
  readonly warning: boolean;
}

const balanced = (n: number, text: (i: number) => string = (i) => `message number ${i} about item ${i % 7}`) =>
  Array.from({ length: n }, (_, i) => [`r${i}`, text(i), i % 2 === 0 ? 'spam' : 'ham'] as const);

/** A team's own source rows, extracted and validated (the validation report is what a run shows). */
export const DATASET_CASES: readonly DatasetCase[] = [
  {
    name: 'labels not in the mapping',
    rows: [...balanced(200), ...Array.from({ length: 30 }, (_, i) => [`u${i}`, `odd ${i}`, i % 3 === 0 ? 'SPAM' : 'phishing'] as const)],
    labelMapping: { positive: ['spam'], negative: ['ham'] },
    expect: /30 rows left out: labels not in labelMapping: "phishing" ×20, "SPAM" ×10/,
    warning: true,
  },
  {
    name: 'a mapping that matches nothing',
    rows: balanced(200),
    labelMapping: { positive: ['1'], negative: ['0'] },
    expect: /no row has a label in labelMapping; labels found: "ham" ×100, "spam" ×100/,
    warning: false,
  },
  {
    name: 'a mapping that matches one label',
    rows: balanced(200),
    labelMapping: { positive: ['spam'], negative: ['0'] },
    expect: /dataset has a single label .*; rows left out with labels not in labelMapping: "ham" ×100/,
    warning: false,
  },
  {
    name: 'empty texts',
    rows: balanced(200, (i) => (i < 12 ? '' : `message number ${i}`)),
    labelMapping: { positive: ['spam'], negative: ['ham'] },
    expect: /12 rows have an empty text/,
    warning: true,
  },
  {
    name: 'a 10 MB text',
    rows: balanced(200, (i) => (i === 0 ? 'y'.repeat(10 * 1024 * 1024) : `message number ${i} about item ${i % 7}`)),
    labelMapping: { positive: ['spam'], negative: ['ham'] },
    expect: /1 rows have a text longer than 100000 characters \(longest 10485760\)/,
    warning: true,
  },
];

export interface StackCase {
  readonly name: string;
  /** Overrides of the config the runner builds (DATABASE_URL of the test PostgreSQL, a temp DATA_DIR). */
  readonly env: (ctx: { databaseUrl: string; dataDir: string }) => Record<string, string>;
  readonly expect: RegExp;
  readonly secret?: string;
}

/** startStack: refused before embedded PostgreSQL or Temporal start, nothing left behind. */
export const STACK_CASES: readonly StackCase[] = [
  {
    name: 'ARTIFACT_STORE=/proc/forbidden',
    env: () => ({ ARTIFACT_STORE: '/proc/forbidden' }),
    expect: /^ARTIFACT_STORE="\/proc\/forbidden" is invalid: expected a writable folder \(cannot create \/proc\/forbidden: ENOENT\)/,
  },
  {
    name: 'ARTIFACT_STORE under a file',
    env: () => ({ ARTIFACT_STORE: '/etc/hostname/artifacts' }),
    expect: /^ARTIFACT_STORE="\/etc\/hostname\/artifacts" is invalid: expected a writable folder \(\/etc\/hostname is not a folder\)/,
  },
  {
    name: 'wrong password on SOURCE_DATABASE_URL',
    env: ({ databaseUrl }) => ({ SOURCE_DATABASE_URL: databaseUrl.replace(/\/\/([^:@/]+)(:[^@]*)?@/, '//$1:wrong-pass-123@') }),
    expect: /PostgreSQL at postgres(ql)?:\/\/[^:]+:\*\*\*@.* is unreachable: .*Check SOURCE_DATABASE_URL/,
    secret: 'wrong-pass-123',
  },
  {
    name: 'SOURCE_DATABASE_URL to a closed port',
    env: () => ({ SOURCE_DATABASE_URL: 'postgres://reader:pw-xyz-789@127.0.0.1:1/source' }),
    expect: /unreachable: .*Check SOURCE_DATABASE_URL/,
    secret: 'pw-xyz-789',
  },
];

export interface CliProcessCase {
  readonly name: string;
  readonly args: readonly string[];
  readonly expect: RegExp;
}

/** True subprocesses of the `factory` CLI: the exit code and one clear line on stderr. */
export const CLI_PROCESS_CASES: readonly CliProcessCase[] = [
  {
    name: '--param __proto__',
    args: ['run', 'weekly_retraining', '--param', '__proto__.modelName=evil', '--logical-date', DATE],
    expect: /"__proto__" is not a param name/,
  },
  {
    name: '--logical-date 0001',
    args: ['run', 'weekly_retraining', '--logical-date', '0001-01-01T00:00:00Z'],
    expect: /logicalDate: an instant from 1970-01-01T00:00:00Z/,
  },
  {
    name: '--param approvalTimeout=0d',
    args: ['run', 'weekly_retraining', '--param', 'approvalTimeout=0d', '--logical-date', DATE],
    expect: /params\.approvalTimeout: a duration from 1s to 90d/,
  },
];
