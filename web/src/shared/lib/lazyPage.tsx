import { lazy, type ComponentType } from "react";
import type { TextSet } from "../../i18n";
import { WithTexts } from "../../i18n/WithTexts";

/**
 * A page loaded when first shown, with its own text sets (src/i18n/textSets.json): its code
 * and its texts are fetched together, and it renders once both are there (the caller's
 * Suspense shows its fallback meanwhile). The sets a page's modules use are checked by
 * src/i18n/pageTexts.test.ts.
 */
export function lazyPage<K extends string>(
  load: () => Promise<Record<K, ComponentType>>,
  name: K,
  texts: readonly TextSet[] = [],
): ComponentType {
  const Page = lazy<ComponentType>(() => load().then((module) => ({ default: module[name] })));
  return function LazyPage() {
    // WithTexts suspends before Page is rendered, and so before lazy asks for the code:
    // asking here fetches both at once (import() gives the same module each time).
    if (texts.length > 0) void load();
    return (
      <WithTexts set={texts}>
        <Page />
      </WithTexts>
    );
  };
}
