import SwaggerUI from "swagger-ui-react";
import "swagger-ui-react/swagger-ui.css";

/**
 * The OpenAPI document rendered by Swagger UI. ApiPage loads this module on
 * demand (React.lazy), so the viewer's weight is paid only on /admin/api.
 *
 * The document is handed over as text rather than as a URL: Swagger UI then
 * shows no validator badge (an image from an outside host, which the content
 * security policy refuses). The reference is read-only: it sends no requests;
 * its groups start folded, so the page opens on the list of sections.
 */
export default function ApiReference({ document }: { document: string }) {
  return (
    <div className="api-reference" data-testid="api-reference">
      <SwaggerUI
        spec={document}
        supportedSubmitMethods={[]}
        docExpansion="none"
        defaultModelsExpandDepth={-1}
      />
    </div>
  );
}
