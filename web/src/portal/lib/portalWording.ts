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

// Spanish nouns of the CRM whose gender the ending does not tell.
const FEMININE_ES = new Set(["orden", "reunión", "llamada", "nota", "tarea", "oportunidad"]);
const MASCULINE_ES = new Set(["día", "mapa", "problema", "sistema", "tema", "programa", "pedido"]);

/**
 * The grammatical gender of a Spanish label, from its first word: "Factura", "Cotización",
 * "Solución", "Cuenta", "Oportunidad" are feminine; "Caso", "Contacto", "Pedido de venta",
 * "Cliente potencial" masculine (the default where the ending does not tell).
 */
export function spanishGender(label: string): "female" | "male" {
  const word = (label.trim().split(/\s+/)[0] ?? "").toLocaleLowerCase("es");
  if (FEMININE_ES.has(word)) return "female";
  if (MASCULINE_ES.has(word)) return "male";
  return /(a|ción|sión|dad|tud|umbre)$/u.test(word) ? "female" : "male";
}

/**
 * The i18next options a sentence about one record takes in the language, to spread into t's
 * options: `{context: "female"}` for "Nova fatura" in Portuguese and "Nueva factura" in
 * Spanish; none where the language does not inflect (English).
 */
export function labelContext(label: string, language: string): { context?: "female" | "male" } {
  if (language.startsWith("pt")) return { context: portugueseGender(label) };
  if (language.startsWith("es")) return { context: spanishGender(label) };
  return {};
}
