import { UNSAFE_createMemoryHistory, type BlockerFunction } from "react-router";
import { describe, expect, it, vi } from "vitest";
import { createGuardedHistory, type GuardedHistory, type Pending } from "./navigationGuard";

/** A guarded memory history at /a/1 with /start behind it, listened to as the router does. */
function setup() {
  const history = createGuardedHistory(
    UNSAFE_createMemoryHistory({ initialEntries: ["/start", "/a/1"], initialIndex: 1, v5Compat: true }),
  );
  const seen: string[] = [];
  history.listen((update) => {
    seen.push(`${update.action} ${update.location.pathname}${update.location.search}`);
  });
  let pending: Pending | undefined;
  const changes: string[] = [];
  const onChange = (next: Pending | undefined) => {
    pending = next;
    changes.push(next ? "blocked" : "unblocked");
  };
  return { history, seen, changes, onChange, pending: () => pending };
}

const leavingThePath: BlockerFunction = ({ currentLocation, nextLocation }) =>
  currentLocation.pathname !== nextLocation.pathname;

type Move = (history: GuardedHistory) => void;

const moves: { name: string; move: Move; to: string; seen: string }[] = [
  { name: "a push", move: (h) => { h.push("/b"); }, to: "/b", seen: "PUSH /b" },
  { name: "a replace", move: (h) => { h.replace("/b"); }, to: "/b", seen: "REPLACE /b" },
  { name: "back", move: (h) => { h.go(-1); }, to: "/start", seen: "POP /start" },
];

describe("createGuardedHistory", () => {
  for (const { name, move, to, seen: want } of moves) {
    describe(name, () => {
      it("is held back while the guard refuses it", () => {
        const s = setup();
        s.history.block(leavingThePath, s.onChange);
        move(s.history);
        expect(s.history.location.pathname).toBe("/a/1");
        expect(s.seen).toEqual([]);
        expect(s.changes).toEqual(["blocked"]);
      });

      it("happens on proceed, once", () => {
        const s = setup();
        s.history.block(leavingThePath, s.onChange);
        move(s.history);
        s.pending()?.proceed();
        s.pending()?.proceed();
        expect(s.history.location.pathname).toBe(to);
        expect(s.seen).toEqual([want]);
        expect(s.changes).toEqual(["blocked", "unblocked"]);
      });

      it("is dropped on reset", () => {
        const s = setup();
        s.history.block(leavingThePath, s.onChange);
        move(s.history);
        s.pending()?.reset();
        expect(s.history.location.pathname).toBe("/a/1");
        expect(s.seen).toEqual([]);
        expect(s.changes).toEqual(["blocked", "unblocked"]);
      });

      it("happens when the guard lets it", () => {
        const s = setup();
        s.history.block(() => false, s.onChange);
        move(s.history);
        expect(s.history.location.pathname).toBe(to);
        expect(s.seen).toEqual([want]);
        expect(s.changes).toEqual([]);
      });

      it("happens once the guard is removed", () => {
        const s = setup();
        const unblock = s.history.block(leavingThePath, s.onChange);
        unblock();
        move(s.history);
        expect(s.history.location.pathname).toBe(to);
        expect(s.seen).toEqual([want]);
      });
    });
  }

  it("asks the guard with the current and next locations and the action", () => {
    const s = setup();
    const when = vi.fn<BlockerFunction>(() => false);
    s.history.block(when, s.onChange);
    s.history.push("/b?x=1#h");
    s.history.go(-1);
    expect(when.mock.calls.map(([args]) => [
      args.currentLocation.pathname,
      `${args.nextLocation.pathname}${args.nextLocation.search}${args.nextLocation.hash}`,
      args.historyAction,
    ])).toEqual([
      ["/a/1", "/b?x=1#h", "PUSH"],
      ["/b", "/a/1", "POP"],
    ]);
  });

  it("lets a change of the query on the same path through the editor's guard", () => {
    const s = setup();
    s.history.block(leavingThePath, s.onChange);
    s.history.replace("/a/1?module=Cases");
    expect(s.seen).toEqual(["REPLACE /a/1?module=Cases"]);
    expect(s.changes).toEqual([]);
  });

  it("asks again about the next navigation after a back it undid", () => {
    const s = setup();
    s.history.block(leavingThePath, s.onChange);
    s.history.go(-1);
    s.pending()?.reset();
    s.history.go(-1);
    expect(s.changes).toEqual(["blocked", "unblocked", "blocked"]);
    expect(s.history.location.pathname).toBe("/a/1");
  });
});
