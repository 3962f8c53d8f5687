/** Texts of one language and one set, served by the build's text-sets plugin (build/textSets.ts). */
declare module "virtual:texts/*" {
  const texts: Record<string, unknown>;
  export default texts;
}
