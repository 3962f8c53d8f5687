import { createContext, useContext, useEffect, useEffectEvent, useState } from "react";
import {
  NavigationType,
  parsePath,
  type BlockerFunction,
  type Location,
  type To,
  type UNSAFE_createBrowserHistory,
} from "react-router";

/** A history as react-router's declarative routers take it (browser or memory). */
export type History = ReturnType<typeof UNSAFE_createBrowserHistory>;
type Listener = Parameters<History["listen"]>[0];

/** A navigation a guard refused: it happens on proceed, is dropped on reset. */
export interface Pending {
  proceed: () => void;
  reset: () => void;
}

/** A history whose navigations a page can hold back (leaving with unsaved changes). */
export interface GuardedHistory extends History {
  /**
   * Consults `when` before every navigation (a link, navigate(), the browser's back and
   * forward). A refused one is not made (back and forward are undone) and `onChange` gets it;
   * `onChange(undefined)` once it is proceeded with or reset. One guard at a time: a second
   * replaces the first. Returns the function that removes the guard.
   */
  block(when: BlockerFunction, onChange: (pending: Pending | undefined) => void): () => void;
}

/**
 * Wraps a history (created with v5Compat, so pushes and replaces reach its listener) so a page
 * can hold navigations back: what react-router's useBlocker does in a data router, without
 * the data router's code on every page (the app's routes are declarative and load no data).
 */
export function createGuardedHistory(base: History): GuardedHistory {
  let guard: { when: BlockerFunction; onChange: (pending: Pending | undefined) => void } | undefined;
  let listener: Listener | undefined;
  let current = base.location;
  // The pop that undoes a refused back or forward, and the one a proceed makes: neither is
  // asked about again.
  let undoing = false;
  let passing = false;

  const refuses = (nextLocation: Location, historyAction: NavigationType) =>
    guard?.when({ currentLocation: current, nextLocation, historyAction }) ?? false;

  const hold = (proceed: () => void) => {
    const active = guard;
    if (!active) return;
    let settled = false;
    const settle = () => {
      if (settled) return false;
      settled = true;
      active.onChange(undefined);
      return true;
    };
    active.onChange({
      proceed: () => {
        if (settle()) proceed();
      },
      reset: () => {
        settle();
      },
    });
  };

  const locationOf = (to: To, state: unknown): Location => {
    const path = typeof to === "string" ? parsePath(to) : to;
    return {
      pathname: path.pathname ?? current.pathname,
      search: path.search ?? "",
      hash: path.hash ?? "",
      state: state ?? null,
      key: "next",
    };
  };

  const onUpdate: Listener = (update) => {
    if (update.action === NavigationType.Pop) {
      if (undoing) {
        undoing = false;
        return;
      }
      const { delta } = update;
      if (!passing && delta !== null && delta !== 0 && refuses(update.location, NavigationType.Pop)) {
        undoing = true;
        base.go(-delta);
        hold(() => {
          passing = true;
          base.go(delta);
        });
        return;
      }
      passing = false;
    }
    current = update.location;
    listener?.(update);
  };

  return {
    get action() {
      return base.action;
    },
    get location() {
      return base.location;
    },
    createHref: (to) => base.createHref(to),
    createURL: (to) => base.createURL(to),
    encodeLocation: (to) => base.encodeLocation(to),
    push(to, state?: unknown) {
      if (refuses(locationOf(to, state), NavigationType.Push)) {
        hold(() => {
          base.push(to, state);
        });
        return;
      }
      base.push(to, state);
    },
    replace(to, state?: unknown) {
      if (refuses(locationOf(to, state), NavigationType.Replace)) {
        hold(() => {
          base.replace(to, state);
        });
        return;
      }
      base.replace(to, state);
    },
    go: (delta) => {
      base.go(delta);
    },
    listen(fn) {
      listener = fn;
      const stop = base.listen(onUpdate);
      return () => {
        stop();
        listener = undefined;
      };
    },
    block(when, onChange) {
      const mine = { when, onChange };
      guard = mine;
      return () => {
        if (guard === mine) guard = undefined;
      };
    },
  };
}

/** The history of the app's router, for useNavigationGuard; set by GuardedRouter. */
export const GuardedHistoryContext = createContext<GuardedHistory | null>(null);

/** A guard's state, as react-router's useBlocker gives it. */
export type Guard =
  | { state: "unblocked"; proceed?: undefined; reset?: undefined }
  | ({ state: "blocked" } & Pending);

/**
 * Holds back navigations `when` refuses while the calling component is shown (one such
 * component at a time): the answer is "blocked" with proceed and reset until one is called.
 * Needs a GuardedRouter above.
 */
export function useNavigationGuard(when: BlockerFunction): Guard {
  const history = useContext(GuardedHistoryContext);
  if (!history) throw new Error("useNavigationGuard must be used inside a GuardedRouter");
  const [pending, setPending] = useState<Pending>();
  const refuses = useEffectEvent(when);
  useEffect(() => {
    const unblock = history.block((args) => refuses(args), setPending);
    return () => {
      unblock();
      setPending(undefined);
    };
  }, [history]);
  return pending ? { state: "blocked", ...pending } : { state: "unblocked" };
}
