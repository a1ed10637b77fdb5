/**
 * BENCH_BASELINE=<git ref>: that commit checked out in a temporary folder (git worktree), its dependencies
 * installed (`npm ci`; when its package-lock.json is this checkout's, this checkout's node_modules is linked
 * instead: the same install, minutes faster) and generated, so its server can run through the same load in
 * the same run. The benchmark's own server harness (server-worker.ts, query-counter.ts) is copied in, so both
 * servers are driven and measured the same way.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BaselineCheckout {
  dir: string;
  commit: string;
  remove(): void;
}

export function checkoutBaseline(repoDir: string, ref: string, log: (s: string) => void): BaselineCheckout {
  const commit = execFileSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: repoDir, encoding: 'utf8' }).trim();
  const dir = mkdtempSync(join(tmpdir(), 'wms-bench-baseline-'));
  const remove = () => {
    try {
      execFileSync('git', ['worktree', 'remove', '--force', dir], { cwd: repoDir, stdio: 'ignore' });
    } catch {
      rmSync(dir, { recursive: true, force: true });
      execFileSync('git', ['worktree', 'prune'], { cwd: repoDir, stdio: 'ignore' });
    }
  };
  try {
    log(`baseline: ${ref} = ${commit.slice(0, 12)} in ${dir}`);
    execFileSync('git', ['worktree', 'add', '--detach', dir, commit], { cwd: repoDir, stdio: 'ignore' });
    const sameLock =
      existsSync(join(repoDir, 'node_modules')) &&
      readFileSync(join(dir, 'package-lock.json'), 'utf8') === readFileSync(join(repoDir, 'package-lock.json'), 'utf8');
    if (sameLock) {
      symlinkSync(realpathSync(join(repoDir, 'node_modules')), join(dir, 'node_modules'));
    } else {
      log('baseline: npm ci (its package-lock.json differs)');
      execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
    }
    log('baseline: npm run generate');
    execFileSync('npm', ['run', 'generate', '--silent'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
    for (const f of ['server-worker.ts', 'query-counter.ts']) copyFileSync(join(repoDir, 'bench', f), join(dir, 'bench', f));
    return { dir, commit, remove };
  } catch (e) {
    remove();
    throw e;
  }
}
