// The import boundaries of .oxlintrc.json fire (lint, not server: kept with the node tests):
// cannot import each other's code, and the workspace keeps nothing in browser storage.
// Probe files are linted with the real config in a copy of the folder layout.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'homeward-lint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function lint(files: Record<string, string>): string {
  copyFileSync(join(root, '.oxlintrc.json'), join(dir, '.oxlintrc.json'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  try {
    execFileSync(
      join(root, 'node_modules/.bin/oxlint'),
      ['-c', '.oxlintrc.json', ...Object.keys(files)],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    );
    return '';
  } catch (err) {
    return String((err as { stdout?: string }).stdout ?? err);
  }
}

describe('the boundaries between the apps', () => {
  it('refuse the family app importing the workspace, and the reverse', () => {
    const out = lint({
      'src/app/features/x/Probe.ts':
        "import { router } from '../../../staff/routes.tsx';\nexport const a = router;\n",
      'src/staff/features/x/Probe.ts':
        "import { formatBytes } from '../../../app/components/formatBytes.ts';\nexport const b = formatBytes;\n",
      'src/ui/Probe.ts':
        "import { router } from '../staff/routes.tsx';\nexport const c = router;\n",
    });
    expect(out).toContain("'../../../staff/routes.tsx' import is restricted");
    expect(out).toContain("'../../../app/components/formatBytes.ts' import is restricted");
    expect(out).toContain("'../staff/routes.tsx' import is restricted");
  });

  it('refuse browser storage and direct fetch in the workspace’s screens', () => {
    const out = lint({
      'src/staff/features/y/Probe.ts':
        "export const d = () => [localStorage.getItem('k'), indexedDB, fetch('/api')];\n",
    });
    for (const name of ['localStorage', 'indexedDB', 'fetch']) {
      expect(out).toContain(`Unexpected use of '${name}'`);
    }
  });

  it('let both apps use src/ui and src/shared', () => {
    const out = lint({
      'src/staff/features/z/Probe.ts':
        "import { formatDay } from '../../../ui/format/dates.ts';\nimport { API } from '../../../shared/paths.ts';\nexport const e = [formatDay, API];\n",
    });
    expect(out).not.toContain('restricted');
  });
});
