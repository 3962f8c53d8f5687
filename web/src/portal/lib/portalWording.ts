/**
 * How a module's singular label reads inside a sentence ("Novo caso", "New sales order"):
 * each capitalised word lowercased, while acronyms and mixed case ("NF-e", "SAC", "iPhone")
 * stay as the admin wrote them.
 */
export function inSentence(label: string): string {
  return label
    .split(" ")
    .map((word) =>
      /^\p{Lu}[\p{Ll}\d]*(-[\p{Ll}\d]+)*$/u.test(word) ? word.toLocaleLowerCase() : word,
    )
    .join(" ");
}

// Portuguese nouns of the CRM whose gender the ending does not tell.
const FEMININE = new Set(["ordem", "reunião", "oportunidade", "campanha", "nota", "tarefa"]);
const MASCULINE = new Set(["dia", "mapa", "problema", "sistema", "tema", "programa", "pedido"]);

/**
 * The grammatical gender of a Portuguese label, from its first word: "Fatura", "Cotação",
 * "Solução", "Conta" are feminine; "Caso", "Contato", "Pedido de venda", "Lead" masculine
 * (the default where the ending does not tell).
 */
export function portugueseGender(label: string): "female" | "male" {
  const word = (label.trim().split(/\s+/)[0] ?? "").toLocaleLowerCase("pt-BR");
  if (FEMININE.has(word)) return "female";
  if (MASCULINE.has(word)) return "male";
  return /(a|ção|são|dade|gem)$/u.test(word) ? "female" : "male";
}

/**
 * The i18next options a sentence about one record takes in the language, to spread into t's
 * options: `{context: "female"}` for "Nova fatura" in Portuguese; none where the language
 * does not inflect (English).
 */
export function labelContext(label: string, language: string): { context?: "female" | "male" } {
  return language.startsWith("pt") ? { context: portugueseGender(label) } : {};
}
