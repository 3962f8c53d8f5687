import { startTransition, useLayoutEffect, useState, type ReactNode } from "react";
import { Router } from "react-router";
import { GuardedHistoryContext, type GuardedHistory } from "../lib/navigationGuard";

/**
 * The app's router: react-router's declarative Router on a guarded history, so a page can ask
 * before it is left (useNavigationGuard). It renders location changes in a transition, as
 * BrowserRouter and RouterProvider do: a lazily loaded page keeps the current one on screen
 * while it loads.
 */
export function GuardedRouter({ history, children }: { history: GuardedHistory; children: ReactNode }) {
  const [state, setState] = useState({ action: history.action, location: history.location });
  useLayoutEffect(
    () =>
      history.listen((update) => {
        startTransition(() => {
          setState({ action: update.action, location: update.location });
        });
      }),
    [history],
  );
  return (
    <GuardedHistoryContext value={history}>
      <Router location={state.location} navigationType={state.action} navigator={history}>
        {children}
      </Router>
    </GuardedHistoryContext>
  );
}
