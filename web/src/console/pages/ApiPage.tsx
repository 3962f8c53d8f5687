import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { OPENAPI_PATH, useOpenApiDocument } from "../api/openapi";
import { Loading, ProblemNotice } from "../components/ProblemNotice";
import "./ApiPage.css";

const ApiReference = lazy(() => import("./ApiReference"));

/**
 * /admin/api: how a program calls the API (base URL, API token in the
 * Authorization header) and the reference, rendered from the document the
 * deployment publishes at /api/openapi.yaml.
 */
export function ApiPage() {
  const { t } = useTranslation();
  const origin = window.location.origin;
  const example = `curl -H "Authorization: Bearer $TOKEN" ${origin}/api/admin/me`;

  return (
    <>
      <h1>{t("apiPage.heading")}</h1>
      <p className="lead">{t("apiPage.intro")}</p>
      <section className="card" aria-labelledby="api-access">
        <h2 id="api-access">{t("apiPage.accessHeading")}</h2>
        <p>
          {t("apiPage.tokens")}{" "}
          <Link to="/admin/tokens" data-testid="api-tokens-link">
            {t("apiPage.tokensLink")}
          </Link>
        </p>
        <dl className="api-facts">
          <dt>{t("apiPage.baseUrl")}</dt>
          <dd>
            <code data-testid="api-base-url">{origin}/api</code>
          </dd>
          <dt>{t("apiPage.header")}</dt>
          <dd>
            <code>Authorization: Bearer &lt;token&gt;</code>
          </dd>
        </dl>
        <p className="muted">{t("apiPage.rules")}</p>
        <pre className="code api-example">
          <code>{example}</code>
        </pre>
        <p>
          <a href={OPENAPI_PATH} download="openapi.yaml">
            {t("apiPage.download")}
          </a>
        </p>
      </section>
      <section className="card" aria-labelledby="api-reference">
        <h2 id="api-reference">{t("apiPage.referenceHeading")}</h2>
        <p className="muted">{t("apiPage.referenceIntro")}</p>
        <Reference />
      </section>
    </>
  );
}

function Reference() {
  const { t } = useTranslation();
  const doc = useOpenApiDocument();
  if (doc.error) return <ProblemNotice error={doc.error} onRetry={() => void doc.refetch()} />;
  const loading = <Loading label={t("apiPage.referenceLoading")} />;
  if (!doc.data) return loading;
  return (
    <Suspense fallback={loading}>
      <ApiReference document={doc.data} />
    </Suspense>
  );
}
