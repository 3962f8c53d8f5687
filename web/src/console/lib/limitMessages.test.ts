import i18next from "i18next";
import { describe, expect, it } from "vitest";
import { resources } from "../../i18n";
import { limitMessage } from "./limitMessages";

const sentences = {
  item: "is too long: the record would take 768620 bytes, over the 409600 bytes DynamoDB stores in one item (this field takes 128020)",
  lookups:
    "is one of 61 lookups with a value; a record may have at most 49 (each lookup is a copy of the record written in the same transaction, of at most 100 items)",
  copies:
    "is too long for a record with 40 lookups: the record is copied once per lookup and an edit must fit in 4194304 bytes, so the record may take 51781 bytes, not 133072 (this field takes 131072)",
  transaction:
    "is too long: this write's transaction would carry 4300000 bytes (the record and its copies), over DynamoDB's 4194304 (this field takes 39000)",
};

describe("limitMessage", async () => {
  const t = await i18next.createInstance().init({ resources, lng: "en" });
  const i18n = i18next.createInstance();
  await i18n.init({ resources, lng: "en" });

  it.each([
    ["en", "item", "Too long: the record would take 751 KB, over the 400 KB a record can hold (this field takes 126 KB). Shorten it."],
    ["pt-BR", "item", "Longo demais: o registro ocuparia 751 KB, acima dos 400 KB que um registro comporta (este campo ocupa 126 KB). Encurte-o."],
    ["en", "lookups", "One of 61 filled lookups: a record can have at most 49. Clear some."],
    ["pt-BR", "copies", "Longo demais para um registro com 40 pesquisas: uma cópia do registro é guardada para cada pesquisa, então ele pode ocupar 51 KB, não 130 KB (este campo ocupa 128 KB). Encurte-o ou limpe pesquisas."],
    ["en", "transaction", "Too long: this change would write 4,200 KB, over the 4,096 KB one change can write (this field takes 39 KB). Shorten it or clear lookups."],
  ] as const)("%s %s", async (lng, kind, want) => {
    await i18n.changeLanguage(lng);
    expect(limitMessage(sentences[kind], i18n.t, lng)).toBe(want);
  });

  it("leaves other messages as they came", () => {
    expect(limitMessage("must be at most 255 characters", t, "en")).toBe("must be at most 255 characters");
  });
});
