import { useLocation } from "react-router";

/** Shows the router's current address, for tests that follow navigation. */
export function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{`${location.pathname}${location.search}`}</output>;
}
