import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderWithProviders } from "../../test/utils";
import { LineItemsTable } from "./LineItemsTable";

const ctx = { language: "pt-BR", currency: "BRL", hour12: false, timeZone: "America/Sao_Paulo" };

function headers() {
  return screen.getAllByRole("columnheader").map((th) => th.textContent);
}

describe("LineItemsTable", () => {
  it("shows discount and tax columns only when a line has them", () => {
    const { unmount } = renderWithProviders(
      <LineItemsTable
        caption="Itens"
        ctx={ctx}
        lines={[{ Product: { id: "p1", name: "Pão" }, Quantity: 2, Unit_Price: "10.00", Total: "20.00" }]}
      />,
      { language: "pt-BR" },
    );
    expect(headers()).toEqual(["Produto", "Quantidade", "Preço unitário", "Total"]);
    unmount();

    renderWithProviders(
      <LineItemsTable
        caption="Itens"
        ctx={ctx}
        lines={[
          { Product: { id: "p1", name: "Pão" }, Quantity: 2, Unit_Price: "10.00", Total: "20.00" },
          {
            Product: { id: "p2", name: "Bolo" },
            Quantity: 4,
            Unit_Price: "25.00",
            Discount: "10.00",
            Tax: 7.5,
            Total: "96.75",
          },
        ]}
      />,
      { language: "pt-BR" },
    );
    expect(headers()).toEqual(["Produto", "Quantidade", "Preço unitário", "Desconto", "Imposto %", "Total"]);
    const cells = within(screen.getByRole("row", { name: /Bolo/ }))
      .getAllByRole("cell")
      .map((td) => td.textContent.replace(/\u00a0/g, " "));
    expect(cells).toEqual(["Bolo", "4", "R$ 25,00", "R$ 10,00", "7,5%", "R$ 96,75"]);
  });
});
