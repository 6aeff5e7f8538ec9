import { lintProbes } from '@vv/platform/testing';

const DEMO = "import { DEMO_STAFF } from '@vv/demo';\nexport const probe = DEMO_STAFF;\n";
const DEMO_ACCOUNTS = "import { DEMO_STAFF } from '@vv/demo/staff';\nexport const probe = DEMO_STAFF;\n";
const BUILDER = "import { buildTenantConfig } from '@vv/domain/trusts/testing';\nexport const probe = buildTenantConfig;\n";

/** The same imports, from files that run for a trust and from files that only test or demonstrate. */
const PROBES = {
  demoInApi: { filePath: 'apps/api/src/probe.ts', source: DEMO },
  demoAccountsInWorker: { filePath: 'apps/worker/src/probe.ts', source: DEMO_ACCOUNTS },
  demoInRuntime: { filePath: 'libs/runtime/api/src/probe.ts', source: DEMO },
  demoInCliCommand: { filePath: 'apps/cli/src/tenants-sync.command.ts', source: DEMO_ACCOUNTS },
  builderInDomain: { filePath: 'libs/domain/onboarding/src/probe.ts', source: BUILDER },
  builderInRuntime: { filePath: 'libs/runtime/api/src/probe.ts', source: BUILDER },
  builderInApi: { filePath: 'apps/api/src/probe.ts', source: BUILDER },
  demoInApiSpec: { filePath: 'libs/runtime/api/src/__tests__/probe.int-spec.ts', source: DEMO },
  builderInApiSpec: { filePath: 'libs/runtime/api/src/__tests__/probe.int-spec.ts', source: BUILDER },
  demoInTestHarness: { filePath: 'libs/runtime/api/src/testing/probe.ts', source: DEMO },
  demoInLocalStart: { filePath: 'apps/local/src/probe.ts', source: DEMO },
  demoInDemoToken: { filePath: 'apps/cli/src/token.command.ts', source: DEMO_ACCOUNTS },
  builderInBench: { filePath: 'apps/bench/src/probe.ts', source: BUILDER },
  builderInBrowserSpec: { filePath: 'apps/web-e2e/src/probe.int-spec.ts', source: BUILDER },
  demoInDomainSpec: { filePath: 'libs/domain/visits/src/__tests__/probe.spec.ts', source: DEMO },
} as const;

type Probe = keyof typeof PROBES;

describe('test builders and demo data stay out of production code (lint)', () => {
  let findings: Record<Probe, string[]>;
  beforeAll(async () => {
    findings = await lintProbes(PROBES);
  }, 120_000);

  it.each<Probe>(['demoInApi', 'demoAccountsInWorker', 'demoInRuntime', 'demoInCliCommand', 'builderInDomain', 'builderInRuntime', 'builderInApi'])('refuses %s', (probe) => {
    expect(findings[probe]).toContain('no-restricted-imports');
  });

  it('refuses demo data in a domain library, even in its specs, by the layer rule', () => {
    expect(findings.demoInDomainSpec).toContain('@nx/enforce-module-boundaries');
  });

  it.each<Probe>(['demoInApiSpec', 'builderInApiSpec', 'demoInTestHarness', 'demoInLocalStart', 'demoInDemoToken', 'builderInBench', 'builderInBrowserSpec'])('allows %s', (probe) => {
    expect(findings[probe]).toEqual([]);
  });
});
