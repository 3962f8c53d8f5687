import { useEffect, useRef, useState, type ReactNode } from "react";

/**
 * A box that scrolls its wide content (a table) sideways inside itself. While
 * the content is wider than the box, the box is a labelled region in the Tab
 * order, so a keyboard user can reach it and scroll it with the arrow keys;
 * when everything fits it is a plain box and adds no Tab stop.
 */
export function ScrollRegion({
  label,
  className = "table-scroll",
  children,
}: {
  /** Names the region for screen readers, e.g. the table's caption. */
  label: string;
  className?: string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);

  useEffect(() => {
    const box = ref.current;
    // jsdom (the unit tests) has no layout and no ResizeObserver.
    if (!box || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => {
      setScrolls(box.scrollWidth > box.clientWidth + 1);
    });
    observer.observe(box);
    if (box.firstElementChild) observer.observe(box.firstElementChild);
    return () => {
      observer.disconnect();
    };
  }, []);

  return (
    <div
      ref={ref}
      className={className}
      {...(scrolls ? { tabIndex: 0, role: "region", "aria-label": label } : {})}
    >
      {children}
    </div>
  );
}
