import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import {
  adminKeys,
  createImport,
  fetchImport,
  UploadError,
  uploadImportFile,
  useModule,
} from "../api/admin";
import type { ImportJob, Module } from "../../shared/api/client";
import { Loading, ProblemNotice } from "../components/ProblemNotice";
import { useLanguage } from "../session";
import { readCsvHeader } from "../lib/csv";
import { autoMapping, guessExternalId, importable } from "../lib/importMapping";
import { fieldLabel, moduleLabel } from "../../shared/lib/labels";
import "./ImportPage.css";

interface ImportPageProps {
  /** Milliseconds between progress checks. */
  pollInterval?: number;
}

export function ImportPage({ pollInterval = 1000 }: ImportPageProps) {
  const { module = "" } = useParams();
  const { t } = useTranslation();
  const language = useLanguage();
  const moduleQuery = useModule(module);
  const [jobId, setJobId] = useState<string | undefined>(undefined);

  if (moduleQuery.error) return <ProblemNotice error={moduleQuery.error} />;
  if (!moduleQuery.data) return <Loading label={t("console.loading")} />;
  const label = moduleLabel(moduleQuery.data, language);

  return (
    <>
      <p className="breadcrumb">
        <Link to={`/admin/records/${encodeURIComponent(module)}`}>
          {t("import.backToList", { name: label })}
        </Link>
      </p>
      <h1>{t("import.heading", { name: label })}</h1>
      {jobId ? (
        <ImportProgress
          module={module}
          jobId={jobId}
          pollInterval={pollInterval}
          onAnother={() => {
            setJobId(undefined);
          }}
        />
      ) : (
        <ImportForm module={moduleQuery.data} onStarted={setJobId} />
      )}
    </>
  );
}

function ImportForm({ module, onStarted }: { module: Module; onStarted: (id: string) => void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const id = useId();
  const queryClient = useQueryClient();
  const fields = module.fields.filter(importable);
  const [file, setFile] = useState<File | undefined>(undefined);
  const [columns, setColumns] = useState<string[]>([]);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [externalId, setExternalId] = useState("");
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [failure, setFailure] = useState<unknown>(undefined);
  const [starting, setStarting] = useState(false);

  const chooseFile = async (chosen: File | undefined) => {
    setFile(chosen);
    setProblem(undefined);
    setFailure(undefined);
    if (!chosen) {
      setColumns([]);
      return;
    }
    const header = (await readCsvHeader(chosen)).filter((column) => column !== "");
    setColumns(header);
    setMapping(autoMapping(header, fields));
    setExternalId(guessExternalId(header));
    if (header.length === 0) setProblem(t("import.noColumns"));
  };

  const start = async (event: { preventDefault: () => void }) => {
    event.preventDefault();
    setProblem(undefined);
    setFailure(undefined);
    if (!file) return;
    const chosen = Object.fromEntries(Object.entries(mapping).filter(([, field]) => field));
    if (Object.keys(chosen).length === 0) {
      setProblem(t("import.nothingMapped"));
      return;
    }
    const counts = new Map<string, number>();
    for (const field of Object.values(chosen)) counts.set(field, (counts.get(field) ?? 0) + 1);
    const duplicate = [...counts].find(([, count]) => count > 1)?.[0];
    if (duplicate) {
      const field = fields.find((candidate) => candidate.apiName === duplicate);
      setProblem(t("import.duplicate", { field: field ? fieldLabel(field, language) : duplicate }));
      return;
    }
    setStarting(true);
    try {
      const job = await createImport(module.apiName, file.name, chosen, externalId || undefined);
      if (job.upload) await uploadImportFile(job.upload, file);
      const started: ImportJob = { ...job };
      delete started.upload;
      queryClient.setQueryData(adminKeys.importJob(module.apiName, job.id), started);
      onStarted(job.id);
    } catch (error) {
      if (error instanceof UploadError) {
        setProblem(
          error.status === 0
            ? t("import.uploadUnreachable")
            : t("import.uploadFailed", { status: error.status }),
        );
      } else {
        setFailure(error);
      }
    } finally {
      setStarting(false);
    }
  };

  return (
    <form className="form" onSubmit={(event) => void start(event)} noValidate>
      <p className="lead">{t("import.intro")}</p>
      {problem && (
        <p role="alert" className="notice notice-error">
          {problem}
        </p>
      )}
      {failure !== undefined && <ProblemNotice error={failure} />}
      <div className="form-field">
        <label htmlFor={`${id}-file`}>{t("import.file")}</label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".csv,text/csv"
          onChange={(event) => void chooseFile(event.target.files?.[0])}
        />
      </div>
      {columns.length > 0 && (
        <>
          <table className="mapping">
            <caption>{t("import.mappingCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("import.column")}</th>
                <th scope="col">{t("import.field")}</th>
              </tr>
            </thead>
            <tbody>
              {columns.map((column, index) => (
                <tr key={`${column}-${String(index)}`}>
                  <th scope="row">
                    <label htmlFor={`${id}-map-${String(index)}`}>{column}</label>
                  </th>
                  <td>
                    <select
                      id={`${id}-map-${String(index)}`}
                      value={mapping[column] ?? ""}
                      onChange={(event) => {
                        setMapping((current) => ({ ...current, [column]: event.target.value }));
                      }}
                    >
                      <option value="">{t("import.skip")}</option>
                      {fields.map((field) => (
                        <option key={field.apiName} value={field.apiName}>
                          {fieldLabel(field, language)}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="form-field">
            <label htmlFor={`${id}-external`}>{t("import.externalId")}</label>
            <select
              id={`${id}-external`}
              value={externalId}
              aria-describedby={`${id}-external-hint`}
              onChange={(event) => {
                setExternalId(event.target.value);
              }}
            >
              <option value="">{t("import.externalIdNone")}</option>
              {columns.map((column, index) => (
                <option key={`${column}-${String(index)}`} value={column}>
                  {column}
                </option>
              ))}
            </select>
            <p id={`${id}-external-hint`} className="field-hint">
              {t("import.externalIdHint")}
            </p>
          </div>
          <div className="form-actions">
            <button type="submit" className="primary" disabled={starting}>
              {starting ? t("import.starting") : t("import.start")}
            </button>
          </div>
        </>
      )}
    </form>
  );
}

function finished(job: ImportJob | undefined): boolean {
  return job?.status === "done" || job?.status === "failed";
}

interface ImportProgressProps {
  module: string;
  jobId: string;
  pollInterval: number;
  onAnother: () => void;
}

function ImportProgress({ module, jobId, pollInterval, onAnother }: ImportProgressProps) {
  const { t } = useTranslation();
  const job = useQuery({
    queryKey: adminKeys.importJob(module, jobId),
    queryFn: ({ signal }) => fetchImport(module, jobId, signal),
    refetchInterval: (query) => (finished(query.state.data) ? false : pollInterval),
    // The cached job from the start is only a first answer: ask at once.
    staleTime: 0,
    retry: 3,
  });
  const data = job.data;

  if (!data) {
    return job.error ? (
      <ProblemNotice error={job.error} />
    ) : (
      <Loading label={t("console.loading")} />
    );
  }
  const known = data.total > 0;
  const done = Math.min(data.done, data.total);

  return (
    <section className="card import-progress" aria-live="polite">
      <p data-testid="import-status">{t(`import.status.${data.status}`)}</p>
      {known || finished(data) ? (
        <progress
          aria-label={t("import.progressLabel")}
          value={known ? done : 1}
          max={known ? data.total : 1}
        />
      ) : (
        <progress aria-label={t("import.progressLabel")} />
      )}
      <p data-testid="import-counts">
        {t("import.counts", { done, total: data.total })}
        {data.failed > 0 && (
          <>
            {" · "}
            <span className="text-bad">{t("import.failedCount", { count: data.failed })}</span>
          </>
        )}
      </p>
      {data.status === "failed" && data.error && (
        <p role="alert" className="notice notice-error">
          {data.error}
        </p>
      )}
      {finished(data) && data.failed > 0 && data.reportUrl && (
        <p>
          <a href={data.reportUrl} download>
            {t("import.report")}
          </a>
        </p>
      )}
      {job.error && <ProblemNotice error={job.error} />}
      {finished(data) && (
        <p>
          <button type="button" onClick={onAnother}>
            {t("import.another")}
          </button>
        </p>
      )}
    </section>
  );
}
