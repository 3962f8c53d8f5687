import { api, ok, type DownloadLink } from "./client";

/** Modules whose records have a PDF (invoices and quotes). */
export const DOCUMENT_MODULES = ["Invoices", "Quotes"];

/** A 5-minute link to the PDF of a record in the portal user's scope, in `lang`. */
export async function fetchMyRecordPdf(module: string, id: string, lang: string): Promise<DownloadLink> {
  return ok(
    await api.GET("/api/records/{module}/{id}/pdf", {
      params: { path: { module, id }, query: { lang } },
    }),
  );
}

/** A 5-minute link to the PDF of a record with all its fields (staff), in `lang`. */
export async function fetchRecordPdf(module: string, id: string, lang: string): Promise<DownloadLink> {
  return ok(
    await api.GET("/api/admin/records/{module}/{id}/pdf", {
      params: { path: { module, id }, query: { lang } },
    }),
  );
}
