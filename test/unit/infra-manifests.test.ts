// Validates everything in infra/ offline: the rendered kustomize overlays (built-in kinds against
// the Kubernetes OpenAPI schema compiled into client-go plus strict decoding, KEDA's ScaledObject
// against its vendored CRD schema) and the compose file (against the compose-spec schema that
// compose-go embeds), then checks the rules that tie the manifests to the engine's own settings.
// The validator is the Go program in infra/validate, built once into .tools/ and reused until its
// sources change (a cold build fetches its modules through the Go module proxy).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { envSchema, parseDuration } from '../../lib/config';
import { TASK_QUEUES } from '../../common/task-queues';
import { cliSearchAttributes } from '../../lib/temporal/dev-server';
import { parseBackendRequirement } from '../../lib/training/backend';

const ROOT = join(__dirname, '..', '..');
const INFRA = join(ROOT, 'infra');
const VALIDATOR_SRC = join(INFRA, 'validate');
const CRDS = join(VALIDATOR_SRC, 'crds');
const BASE = join(INFRA, 'k8s', 'base');
const OVERLAYS = readdirSync(join(INFRA, 'k8s', 'overlays')).map((name) => join(INFRA, 'k8s', 'overlays', name));
const COMPOSE = join(INFRA, 'compose', 'compose.yaml');
const SECRET_EXAMPLE = join(INFRA, 'k8s', 'secret.example.yaml');

/** The worker exits on its own at most this long after SHUTDOWN_GRACE (lib/process/shutdown-signals.ts). */
const FORCED_EXIT_MARGIN_MS = 15_000;

/** Variables the images and manifests may set beyond lib/config/schema.ts: read by the worker entry points, tfjs, TensorFlow or the AWS SDK. */
const OTHER_READ_VARIABLES = new Set([
  'FACTORY_BUILD_ID',
  'TFJS_BACKEND',
  'TF_FORCE_GPU_ALLOW_GROWTH',
  'TF_CPP_MIN_LOG_LEVEL',
  'NODE_ENV',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
]);

/** Where each process answers its probes: the port variable it listens on and its readiness path. */
const PROBE_RULES: Record<string, { portVariable: string; readyPath: string }> = {
  worker: { portVariable: 'HEALTH_PORT', readyPath: '/healthz' },
  'prediction-service': { portVariable: 'SERVE_PORT', readyPath: '/readyz' },
  console: { portVariable: 'CONSOLE_PORT', readyPath: '/healthz' },
};

let validator = '';

/** Builds infra/validate into .tools/validate-infra-<hash of its sources>, once per source change. */
function buildValidator(): string {
  const hash = createHash('sha256');
  for (const name of ['go.mod', 'go.sum', 'main.go']) hash.update(name).update(readFileSync(join(VALIDATOR_SRC, name)));
  const dir = join(ROOT, '.tools', 'validate-infra');
  const binary = join(dir, `validate-infra-${hash.digest('hex').slice(0, 16)}`);
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  const partial = `${binary}.${process.pid}.partial`;
  const built = spawnSync('go', ['build', '-trimpath', '-ldflags=-s -w', '-o', partial, '.'], { cwd: VALIDATOR_SRC, encoding: 'utf8' });
  if (built.error)
    throw new Error(`cannot run \`go\` to build the infra validator in ${relative(ROOT, VALIDATOR_SRC)} (needs Go >= 1.26 on PATH): ${built.error.message}`);
  if (built.status !== 0) throw new Error(`go build in ${relative(ROOT, VALIDATOR_SRC)} failed:\n${built.stderr}`);
  renameSync(partial, binary); // atomic: a concurrent or interrupted build never leaves half a binary
  for (const old of readdirSync(dir)) if (join(dir, old) !== binary && !old.endsWith('.partial')) rmSync(join(dir, old), { force: true });
  return binary;
}

function runValidator(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(validator, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

type Json = Record<string, unknown>;

function render(target: string): Json[] {
  const result = runValidator(['render', target]);
  assert.equal(result.status, 0, `rendering ${relative(ROOT, target)} failed:\n${result.stderr}`);
  return JSON.parse(result.stdout) as Json[];
}

function renderCompose(file: string): { services: Record<string, Json> } {
  const result = runValidator(['render', file]);
  assert.equal(result.status, 0, `loading ${relative(ROOT, file)} failed:\n${result.stderr}`);
  return JSON.parse(result.stdout) as { services: Record<string, Json> };
}

// Minimal shapes of the rendered objects, for the rules below (the validator checked the rest).
interface Container {
  name: string;
  env?: Array<{ name: string; value?: string }>;
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  ports?: Array<{ name?: string; containerPort: number }>;
  resources?: { limits?: Record<string, string>; requests?: Record<string, string> };
  livenessProbe?: { httpGet?: { port: number | string; path: string } };
  readinessProbe?: { httpGet?: { port: number | string; path: string } };
  securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean };
}
interface PodSpec {
  terminationGracePeriodSeconds?: number;
  nodeSelector?: Record<string, string>;
  tolerations?: Array<{ key?: string; operator?: string; effect?: string }>;
  securityContext?: { runAsNonRoot?: boolean };
  containers: Container[];
}
interface Deployment {
  kind: 'Deployment';
  metadata: { name: string };
  spec: { template: { spec: PodSpec } };
}
interface ConfigMap {
  kind: 'ConfigMap';
  metadata: { name: string };
  data?: Record<string, string>;
}
interface ScaledObject {
  kind: 'ScaledObject';
  metadata: { name: string };
  spec: { scaleTargetRef: { name: string }; triggers: Array<{ type: string; metadata: Record<string, string> }> };
}

const ofKind = <T>(objects: Json[], kind: string) => objects.filter((o) => o.kind === kind) as unknown as T[];

/** The environment a container gets: envFrom ConfigMaps in order (later ones win), then env. Secrets are left out. */
function containerEnv(container: Container, configMaps: ConfigMap[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    const ref = source.configMapRef?.name;
    if (!ref) continue;
    const map = configMaps.find((c) => c.metadata.name === ref);
    assert.ok(map, `envFrom names ConfigMap ${ref}, which the overlay does not render`);
    Object.assign(env, map.data);
  }
  for (const { name, value } of container.env ?? []) if (value !== undefined) env[name] = value;
  return env;
}

/** Why a pod's grace period is too short for the worker's drain, or undefined when it is long enough. */
function gracePeriodProblem(where: string, env: Record<string, string>, gracePeriodSeconds: number | undefined): string | undefined {
  const grace = env.SHUTDOWN_GRACE;
  if (grace === undefined) return `${where}: SHUTDOWN_GRACE is not set explicitly (the default would apply silently)`;
  const needMs = parseDuration(grace) + FORCED_EXIT_MARGIN_MS;
  const periodMs = (gracePeriodSeconds ?? 30) * 1000;
  if (periodMs <= needMs) {
    return `${where}: grace period ${periodMs / 1000}s must exceed SHUTDOWN_GRACE (${grace}) + 15s = ${needMs / 1000}s, or the kill cuts the drain short`;
  }
  return undefined;
}

/** Go's time.Duration text (compose-go writes stop_grace_period as e.g. "2m30s"). */
function goDurationMs(text: string): number {
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  let total = 0;
  for (const [, value, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) total += Number(value) * units[unit!]!;
  return total;
}

function dotenv(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match) out[match[1]!] = match[2]!;
  }
  return out;
}

before(
  () => {
    validator = buildValidator();
  },
  { timeout: 20 * 60_000 },
);

test('every rendered overlay, the base, the Secret example and the compose file validate against their schemas', () => {
  const targets = [BASE, ...OVERLAYS, SECRET_EXAMPLE, COMPOSE];
  const result = runValidator(['check', '-crds', CRDS, ...targets]);
  assert.equal(result.status, 0, `infra/ does not validate; each line names FILE: KIND/NAME: FIELD: PROBLEM\n${result.stdout}${result.stderr}`);
});

test('the validator reports a wrong field type and an unknown field in a rendered overlay, naming the file, the object and the field', () => {
  const dir = mkdtempSync(join(tmpdir(), 'infra-broken-'));
  try {
    writeFileSync(
      join(dir, 'kustomization.yaml'),
      [
        'apiVersion: kustomize.config.k8s.io/v1beta1',
        'kind: Kustomization',
        'resources:',
        `  - ${relative(dir, BASE)}`, // kustomize takes bases by relative path only
        'patches:',
        '  - target: {kind: Deployment, name: gpu-worker}',
        '    patch: |-',
        '      - {op: replace, path: /spec/template/spec/terminationGracePeriodSeconds, value: "150s"}',
        '  - target: {kind: ScaledObject, name: cpu-worker}',
        '    patch: |-',
        '      - {op: add, path: /spec/maxReplicas, value: 10}',
        '      - {op: replace, path: /spec/minReplicaCount, value: "two"}',
        '',
      ].join('\n'),
    );
    const result = runValidator(['check', '-crds', CRDS, dir]);
    assert.equal(result.status, 1, `expected the validator to fail:\n${result.stdout}${result.stderr}`);
    const lines = result.stdout.trim().split('\n');
    assert.deepEqual(lines, [
      `${dir}: Deployment/gpu-worker: .spec.template.spec.terminationGracePeriodSeconds: expected numeric (int or float), got string`,
      `${dir}: ScaledObject/cpu-worker: spec.maxReplicas: unknown field (not in the CRD schema)`,
      `${dir}: ScaledObject/cpu-worker: spec.minReplicaCount: Invalid value: "string": spec.minReplicaCount in body must be of type integer: "string"`,
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the validator reports a compose file that breaks the compose-spec schema', () => {
  const dir = mkdtempSync(join(tmpdir(), 'infra-broken-'));
  try {
    const file = join(dir, 'compose.yaml');
    writeFileSync(
      file,
      [
        'services:',
        '  gpu-worker:',
        '    image: worker',
        '    deploy:',
        '      resources:',
        '        reservations:',
        '          devices:',
        '            - capabilities: gpu',
        '',
      ].join('\n'),
    );
    const result = runValidator(['check', file]);
    assert.equal(result.status, 1, `expected the validator to fail:\n${result.stdout}${result.stderr}`);
    assert.equal(result.stdout.trim(), `${file}: validating ${file}: services.gpu-worker.deploy.resources.reservations.devices.0.capabilities must be a array`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the validator refuses a kind it has no schema for', () => {
  const dir = mkdtempSync(join(tmpdir(), 'infra-broken-'));
  try {
    const file = join(dir, 'widget.yaml');
    writeFileSync(file, 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n');
    const result = runValidator(['check', '-crds', CRDS, file]);
    assert.equal(result.status, 1);
    assert.match(result.stdout, /Widget\/w: apiVersion\/kind: no schema for example\.com\/v1, Kind=Widget/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

for (const overlay of OVERLAYS) {
  const label = relative(ROOT, overlay);

  test(`${label}: every worker's and the prediction service's grace period outlasts its explicit SHUTDOWN_GRACE plus the forced-exit margin`, () => {
    const objects = render(overlay);
    const configMaps = ofKind<ConfigMap>(objects, 'ConfigMap');
    const deployments = ofKind<Deployment>(objects, 'Deployment');
    assert.deepEqual(deployments.map((d) => d.metadata.name).sort(), ['console', 'cpu-worker', 'gpu-worker', 'prediction-service']);
    // The console holds no work to drain; the others finish activities or requests and flush logs.
    const problems = deployments
      .filter((d) => d.metadata.name !== 'console')
      .flatMap((d) =>
        d.spec.template.spec.containers.map((c) =>
          gracePeriodProblem(
            `Deployment/${d.metadata.name} container ${c.name}`,
            containerEnv(c, configMaps),
            d.spec.template.spec.terminationGracePeriodSeconds,
          ),
        ),
      );
    assert.deepEqual(problems.filter(Boolean), []);
  });

  test(`${label}: worker settings are variables the engine reads, with values it accepts`, () => {
    const objects = render(overlay);
    const configMaps = ofKind<ConfigMap>(objects, 'ConfigMap');
    const secretExample = (render(SECRET_EXAMPLE) as Array<{ stringData?: Record<string, string> }>)[0]?.stringData ?? {};
    for (const d of ofKind<Deployment>(objects, 'Deployment')) {
      for (const c of d.spec.template.spec.containers) {
        const env = containerEnv(c, configMaps);
        const unknown = Object.keys(env).filter((name) => !(name in envSchema.shape) && !OTHER_READ_VARIABLES.has(name));
        assert.deepEqual(unknown, [], `Deployment/${d.metadata.name}: variables no code reads (a typo?)`);
        const parsed = envSchema.safeParse({ ...secretExample, ...env });
        assert.ok(parsed.success, `Deployment/${d.metadata.name}: ${parsed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
        parseBackendRequirement(env.TFJS_BACKEND);
      }
    }
  });

  test(`${label}: probes hit the port each process serves health on (workers: HEALTH_PORT /healthz; the prediction service: SERVE_PORT, ready on /readyz; the console: CONSOLE_PORT), and containers run non-root on a read-only root filesystem`, () => {
    const objects = render(overlay);
    const configMaps = ofKind<ConfigMap>(objects, 'ConfigMap');
    for (const d of ofKind<Deployment>(objects, 'Deployment')) {
      const pod = d.spec.template.spec;
      assert.equal(pod.securityContext?.runAsNonRoot, true, `Deployment/${d.metadata.name}: runAsNonRoot`);
      for (const c of pod.containers) {
        const env = containerEnv(c, configMaps);
        const rule = PROBE_RULES[d.metadata.name] ?? PROBE_RULES.worker!;
        const healthPort = Number(env[rule.portVariable]);
        for (const [kind, probe, path] of [
          ['livenessProbe', c.livenessProbe, '/healthz'],
          ['readinessProbe', c.readinessProbe, rule.readyPath],
        ] as const) {
          const port = probe?.httpGet?.port;
          const resolved = typeof port === 'string' ? c.ports?.find((p) => p.name === port)?.containerPort : port;
          assert.equal(resolved, healthPort, `Deployment/${d.metadata.name} ${kind}: port ${String(port)} must be ${rule.portVariable} (${healthPort})`);
          assert.equal(probe?.httpGet?.path, path, `Deployment/${d.metadata.name} ${kind}: path`);
        }
        assert.equal(c.securityContext?.readOnlyRootFilesystem, true, `Deployment/${d.metadata.name}: readOnlyRootFilesystem`);
        assert.equal(c.securityContext?.allowPrivilegeEscalation, false, `Deployment/${d.metadata.name}: allowPrivilegeEscalation`);
      }
    }
  });

  test(`${label}: the gpu worker requests a GPU, lands on GPU nodes, tolerates their taint and requires the native backend`, () => {
    const objects = render(overlay);
    const gpu = ofKind<Deployment>(objects, 'Deployment').find((d) => d.metadata.name === 'gpu-worker');
    assert.ok(gpu, 'Deployment/gpu-worker is rendered');
    const pod = gpu.spec.template.spec;
    const worker = pod.containers[0]!;
    assert.equal(worker.resources?.limits?.['nvidia.com/gpu'], '1');
    assert.equal(pod.nodeSelector?.['nvidia.com/gpu.present'], 'true');
    assert.ok(
      pod.tolerations?.some((t) => t.key === 'nvidia.com/gpu' && t.operator === 'Exists' && t.effect === 'NoSchedule'),
      'tolerates nvidia.com/gpu:NoSchedule',
    );
    assert.equal(
      parseBackendRequirement(containerEnv(worker, ofKind<ConfigMap>(objects, 'ConfigMap')).TFJS_BACKEND).requireGpu,
      true,
      'TFJS_BACKEND must require a GPU',
    );
    const cpu = ofKind<Deployment>(objects, 'Deployment').find((d) => d.metadata.name === 'cpu-worker');
    assert.equal(cpu?.spec.template.spec.containers[0]?.resources?.limits?.['nvidia.com/gpu'], undefined, 'cpu workers take no GPU');
  });

  test(`${label}: KEDA scales each worker on its own task queue in the workers' Temporal namespace`, () => {
    const objects = render(overlay);
    const configMaps = ofKind<ConfigMap>(objects, 'ConfigMap');
    const deployments = ofKind<Deployment>(objects, 'Deployment');
    const expectedQueue: Record<string, string> = { 'cpu-worker': TASK_QUEUES.cpu, 'gpu-worker': TASK_QUEUES.gpu };
    const scaled = ofKind<ScaledObject>(objects, 'ScaledObject');
    assert.deepEqual(scaled.map((s) => s.spec.scaleTargetRef.name).sort(), ['cpu-worker', 'gpu-worker']);
    for (const s of scaled) {
      const target = deployments.find((d) => d.metadata.name === s.spec.scaleTargetRef.name);
      assert.ok(target, `ScaledObject/${s.metadata.name} targets a rendered Deployment`);
      const env = containerEnv(target.spec.template.spec.containers[0]!, configMaps);
      for (const trigger of s.spec.triggers) {
        assert.equal(trigger.type, 'temporal');
        assert.equal(trigger.metadata.taskQueue, expectedQueue[target.metadata.name], `ScaledObject/${s.metadata.name}: taskQueue`);
        // KEDA reads `<field>FromEnv` from the target container's environment.
        const field = (name: string) => trigger.metadata[name] ?? env[trigger.metadata[`${name}FromEnv`] ?? ''];
        assert.equal(field('namespace'), env.TEMPORAL_NAMESPACE, `ScaledObject/${s.metadata.name}: namespace must be the workers' TEMPORAL_NAMESPACE`);
        assert.equal(field('endpoint'), env.TEMPORAL_ADDRESS, `ScaledObject/${s.metadata.name}: endpoint must be the workers' TEMPORAL_ADDRESS`);
      }
    }
  });
}

test('the grace-period rule flags a pod that would be killed mid-drain and one that leaves SHUTDOWN_GRACE implicit', () => {
  assert.equal(
    gracePeriodProblem('Deployment/x', { SHUTDOWN_GRACE: '2m' }, 60),
    'Deployment/x: grace period 60s must exceed SHUTDOWN_GRACE (2m) + 15s = 135s, or the kill cuts the drain short',
  );
  assert.match(gracePeriodProblem('Deployment/x', {}, 600) ?? '', /SHUTDOWN_GRACE is not set explicitly/);
  assert.equal(gracePeriodProblem('Deployment/x', { SHUTDOWN_GRACE: '30s' }, 60), undefined);
});

test('compose: workers have two cpu replicas, a GPU reservation, and stop grace periods that outlast SHUTDOWN_GRACE', () => {
  const { services } = renderCompose(COMPOSE);
  const cpu = services['cpu-worker'] as { deploy?: { replicas?: number } };
  const gpu = services['gpu-worker'] as { deploy?: { resources?: { reservations?: { devices?: Array<{ driver?: string; capabilities?: string[] }> } } } };
  assert.equal(cpu.deploy?.replicas, 2);
  assert.deepEqual(
    gpu.deploy?.resources?.reservations?.devices?.map((d) => [d.driver, d.capabilities]),
    [['nvidia', ['gpu']]],
  );
  const workers = Object.entries(services).filter(
    ([, s]) => (s.environment as Record<string, string> | undefined)?.TEMPORAL_ADDRESS && s.stop_grace_period !== undefined,
  );
  assert.deepEqual(workers.map(([name]) => name).sort(), ['cpu-worker', 'gpu-worker']);
  const problems = workers.map(([name, s]) =>
    gracePeriodProblem(`compose service ${name}`, s.environment as Record<string, string>, goDurationMs(s.stop_grace_period as string) / 1000),
  );
  assert.deepEqual(problems.filter(Boolean), []);
});

test('compose: worker settings are variables the engine reads, with values it accepts', () => {
  const { services } = renderCompose(COMPOSE);
  const secrets = dotenv(join(INFRA, 'compose', 'secrets.example', 'workers.env'));
  for (const name of ['cpu-worker', 'gpu-worker', 'prediction-service', 'console']) {
    const env = Object.fromEntries(
      Object.entries((services[name]?.environment ?? {}) as Record<string, string | null>).filter(([, v]) => v !== null && v !== ''),
    );
    const unknown = Object.keys(env).filter((key) => !(key in envSchema.shape) && !OTHER_READ_VARIABLES.has(key));
    assert.deepEqual(unknown, [], `compose service ${name}: variables no code reads (a typo?)`);
    const parsed = envSchema.safeParse({ ...secrets, ...env });
    assert.ok(parsed.success, `compose service ${name}: ${parsed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  assert.equal(
    parseBackendRequirement((services['gpu-worker']?.environment as Record<string, string>).TFJS_BACKEND).requireGpu,
    true,
    'TFJS_BACKEND must require a GPU',
  );
});

for (const overlay of OVERLAYS) {
  test(`${relative(ROOT, overlay)}: the prediction service and the console are reached through Services on the ports they listen on`, () => {
    const objects = render(overlay);
    const configMaps = ofKind<ConfigMap>(objects, 'ConfigMap');
    const services = objects.filter((o) => o.kind === 'Service') as unknown as Array<{
      metadata: { name: string };
      spec: { selector: Record<string, string>; ports: Array<{ port: number; targetPort: string }> };
    }>;
    for (const [name, variable] of [
      ['prediction-service', 'SERVE_PORT'],
      ['console', 'CONSOLE_PORT'],
    ] as const) {
      const deployment = ofKind<Deployment>(objects, 'Deployment').find((d) => d.metadata.name === name);
      assert.ok(deployment, `Deployment/${name} is rendered`);
      const container = deployment.spec.template.spec.containers[0]!;
      const port = Number(containerEnv(container, configMaps)[variable]);
      const service = services.find((s) => s.metadata.name === name);
      assert.ok(service, `Service/${name} is rendered`);
      assert.equal(service.spec.selector['app.kubernetes.io/component'], name);
      assert.deepEqual(
        service.spec.ports.map((p) => [p.port, container.ports?.find((c) => c.name === p.targetPort)?.containerPort]),
        [[port, port]],
        `Service/${name} forwards ${variable} (${port}) to the container port of that number`,
      );
    }
    const serve = ofKind<Deployment>(objects, 'Deployment').find((d) => d.metadata.name === 'prediction-service')!;
    assert.match((serve.spec.template.spec.containers[0] as unknown as { image: string }).image, /model-factory-serving/);
    const consoleCommand = (
      ofKind<Deployment>(objects, 'Deployment').find((d) => d.metadata.name === 'console')!.spec.template.spec.containers[0] as unknown as { command: string[] }
    ).command;
    assert.deepEqual(consoleCommand, ['node', 'dist/cli/console.js']);
  });
}

test('the namespace setup script registers exactly the search attributes of common/search-attributes.ts', () => {
  const script = readFileSync(join(BASE, 'setup-namespace.sh'), 'utf8');
  const listed = /for attribute in ([^;]+);/.exec(script)?.[1]?.trim().split(/\s+/) ?? [];
  const expected = cliSearchAttributes();
  assert.deepEqual(listed.sort(), expected.sort());
});

test('secret examples hold placeholders only', () => {
  const secretLike = /PASSWORD|PWD|SECRET|API_KEY|DATABASE_URL|secretKey/;
  const examples: Array<[string, Record<string, string>]> = readdirSync(join(INFRA, 'compose', 'secrets.example'))
    .filter((name) => name.endsWith('.env'))
    .map((name) => [`secrets.example/${name}`, dotenv(join(INFRA, 'compose', 'secrets.example', name))]);
  const stringData = (render(SECRET_EXAMPLE) as Array<{ stringData?: Record<string, string> }>)[0]?.stringData ?? {};
  examples.push(['k8s/secret.example.yaml', stringData]);
  const s3 = JSON.parse(readFileSync(join(INFRA, 'compose', 'secrets.example', 's3.json'), 'utf8')) as {
    identities: Array<{ credentials: Array<{ secretKey: string }> }>;
  };
  examples.push(['secrets.example/s3.json', Object.fromEntries(s3.identities.flatMap((i) => i.credentials.map((c, n) => [`secretKey${n}`, c.secretKey])))]);
  const real = examples.flatMap(([file, vars]) =>
    Object.entries(vars)
      .filter(([key, value]) => secretLike.test(key) && !value.includes('CHANGE_ME'))
      .map(([key]) => `${file}: ${key}`),
  );
  assert.deepEqual(real, [], 'every secret value in an example must be a CHANGE_ME placeholder');
});

test('the vendored KEDA CRD is the upstream file byte for byte below its header', () => {
  const text = readFileSync(join(CRDS, 'keda.sh_scaledobjects.yaml'), 'utf8');
  const upstream = text.slice(text.indexOf('\n---\n') + 1);
  const sha256 = createHash('sha256').update(upstream).digest('hex');
  assert.equal(
    sha256,
    'af35555862a83933b074af14ad439c4b4ceabaf4daa3e9338e9b23e36d308d80',
    'github.com/kedacore/keda/v2@v2.21.0 config/crd/bases/keda.sh_scaledobjects.yaml',
  );
});
