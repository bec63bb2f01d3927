// Property tests for the token board merge: the board is a function of the SET of events,
// so any arrival order, any duplication and any split between phones gives the same
// board, and no token is ever lost.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tallyTokens, type RewardEvent } from './schedules.ts';

type Ev = Pick<RewardEvent, 'id' | 'type' | 'undoes'>;

/** A history as phones make it: tokens, and undos of tokens made before them. */
const history = fc
  .array(fc.record({ undo: fc.boolean(), pick: fc.nat() }), { maxLength: 60 })
  .map((steps) => {
    const events: Ev[] = [];
    const tokens: string[] = [];
    steps.forEach((s, i) => {
      const id = `0000${i.toString(16).padStart(4, '0')}`;
      if (s.undo && tokens.length > 0) {
        events.push({ id, type: 'undo', undoes: tokens[s.pick % tokens.length] ?? null });
      } else {
        events.push({ id, type: 'token', undoes: null });
        tokens.push(id);
      }
    });
    return events;
  });

const goal = fc.integer({ min: 1, max: 20 });

describe('token board merge', () => {
  it('is the same whatever order the events arrive in', () => {
    fc.assert(
      fc.property(history, goal, fc.infiniteStream(fc.nat()), (events, g, seeds) => {
        const shuffled = [...events];
        for (let i = shuffled.length - 1; i > 0; i -= 1) {
          const j = seeds.next().value % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j] as Ev, shuffled[i] as Ev];
        }
        expect(tallyTokens(shuffled, g)).toEqual(tallyTokens(events, g));
      }),
    );
  });

  it('counts an event that arrives twice (a retried upload, a re-sent sync page) once', () => {
    fc.assert(
      fc.property(history, goal, fc.array(fc.nat()), (events, g, repeats) => {
        const doubled = [
          ...events,
          ...repeats.flatMap((r) => events.slice(r % (events.length + 1))),
        ];
        expect(tallyTokens(doubled, g)).toEqual(tallyTokens(events, g));
      }),
    );
  });

  it('loses nothing when two phones add tokens offline and then merge', () => {
    fc.assert(
      fc.property(history, history, goal, (a, b, g) => {
        // Each phone's ids are its own (UUIDv7 with a random tail never collide).
        const phoneA = a.map((e) => ({ ...e, id: `a${e.id}`, undoes: e.undoes && `a${e.undoes}` }));
        const phoneB = b.map((e) => ({ ...e, id: `b${e.id}`, undoes: e.undoes && `b${e.undoes}` }));
        const merged = tallyTokens([...phoneA, ...phoneB], g);
        const onA = tallyTokens(phoneA, g);
        const onB = tallyTokens(phoneB, g);
        expect(merged.earned).toBe(onA.earned + onB.earned);
        // Both phones, having exchanged everything, agree (in either order).
        expect(tallyTokens([...phoneB, ...phoneA], g)).toEqual(merged);
      }),
    );
  });

  it('keeps the board and the rewards consistent with the tokens earned', () => {
    fc.assert(
      fc.property(history, goal, (events, g) => {
        const t = tallyTokens(events, g);
        const tokens = events.filter((e) => e.type === 'token').length;
        const undone = new Set(events.filter((e) => e.type === 'undo').map((e) => e.undoes));
        expect(t.earned).toBe(tokens - undone.size);
        expect(t.rewardsReached * g + t.onBoard).toBe(t.earned);
        expect(t.onBoard).toBeLessThan(g);
      }),
    );
  });

  it('undoing the same token on two phones takes back one token, not two', () => {
    const events: Ev[] = [
      { id: '01', type: 'token', undoes: null },
      { id: '02', type: 'token', undoes: null },
      { id: '03', type: 'undo', undoes: '02' },
      { id: '04', type: 'undo', undoes: '02' },
    ];
    expect(tallyTokens(events, 5)).toMatchObject({ earned: 1, onBoard: 1, lastTokenId: '01' });
  });
});
