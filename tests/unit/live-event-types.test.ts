// Every topic a service records has its own typed GraphQL event type (src/live/event-types.ts), so a new topic
// cannot silently reach subscribers as an untyped OtherLiveEvent.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { liveEventTypeOf } from '../../src/live/event-types';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'generated' ? [] : sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('live event types', () => {
  it('cover every topic recorded in src/', () => {
    const topics = new Set<string>();
    for (const file of sources('src')) {
      for (const m of readFileSync(file, 'utf8').matchAll(/topic: '([a-z_]+\.[a-z_]+)'/g)) topics.add(m[1]);
    }
    expect(topics.size).toBeGreaterThan(15);
    expect([...topics].filter((t) => !liveEventTypeOf(t))).toEqual([]);
  });
});
