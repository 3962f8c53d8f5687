import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { useId, useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { useProblems } from "../../../shared/lib/problems";
import { adminKeys } from "../../api/admin";
import { ApiError, problemMember, type Portal } from "../../../shared/api/client";
import { createPortal } from "../../api/portalSetup";
import { ProblemNotice } from "../ProblemNotice";
import { useSession } from "../../session";
import { invalidProps } from "../../../shared/lib/aria";
import { nameSchema, type NameValues } from "../../lib/portalSettings";
import * as z from "zod/mini";

/** A 409 for a taken address, with the free address the API suggests. */
export function TakenNotice({
  suggestion,
  onUse,
  disabled,
}: {
  suggestion: string;
  onUse: () => void;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div role="alert" className="notice notice-warn" data-testid="portal-taken">
      <p>{t("portalSetup.taken")}</p>
      <p>
        <button type="button" className="primary" onClick={onUse} disabled={disabled}>
          {t("portalSetup.useSuggestion", { suggestion })}
        </button>
      </p>
    </div>
  );
}

/** Not configured yet: "Start now", then the name (the company's) and "Configure now". */
export function StartPortal({
  defaultName,
  onCreated,
}: {
  defaultName: string | undefined;
  onCreated: (portal: Portal) => void;
}) {
  const { t } = useTranslation();
  const session = useSession();
  const [started, setStarted] = useState(false);

  if (session.user.role !== "admin") {
    return (
      <p role="status" className="notice notice-warn" data-testid="portal-read-only">
        {t("portalSetup.notConfiguredReadOnly")}
      </p>
    );
  }
  return (
    <section className="card" aria-labelledby="portal-start-heading">
      <h2 id="portal-start-heading">{t("portalSetup.startHeading")}</h2>
      <p>{t("portalSetup.startIntro")}</p>
      {started ? (
        <ConfigureForm defaultName={defaultName ?? session.org.name} onCreated={onCreated} />
      ) : (
        <button
          type="button"
          className="primary"
          onClick={() => {
            setStarted(true);
          }}
        >
          {t("portalSetup.startNow")}
        </button>
      )}
    </section>
  );
}

export function ConfigureForm({
  defaultName,
  onCreated,
}: {
  defaultName: string;
  onCreated: (portal: Portal) => void;
}) {
  const { t } = useTranslation();
  const problems = useProblems();
  const id = useId();
  const queryClient = useQueryClient();
  const [suggestion, setSuggestion] = useState<string | undefined>(undefined);
  const [failure, setFailure] = useState<unknown>(undefined);
  const formRef = useRef<HTMLFormElement>(null);
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    formState: { errors, isSubmitting },
  } = useForm<NameValues>({
    resolver: zodResolver(z.object({ name: nameSchema(t) })),
    defaultValues: { name: defaultName },
  });

  const onSubmit = handleSubmit(async ({ name }) => {
    setFailure(undefined);
    setSuggestion(undefined);
    try {
      const portal = await createPortal({ name });
      queryClient.setQueryData(adminKeys.portal, portal);
      onCreated(portal);
    } catch (error) {
      const taken = problemMember(error, "suggestion");
      if (error instanceof ApiError && error.status === 409 && taken) {
        setSuggestion(taken);
        return;
      }
      if (error instanceof ApiError && error.status === 409) {
        // Configured meanwhile (another tab, another admin): show it.
        void queryClient.invalidateQueries({ queryKey: adminKeys.portal });
      }
      const nameError =
        error instanceof ApiError && error.status === 422
          ? error.problem?.errors?.find((item) => item.field === "name")
          : undefined;
      if (nameError) setError("name", { type: "server", message: problems.field(nameError) });
      else setFailure(error);
    }
  });
  const nameMessages = errors.name?.message ? [errors.name.message] : [];

  return (
    <form ref={formRef} className="form" onSubmit={(event) => void onSubmit(event)} noValidate>
      {suggestion && (
        <TakenNotice
          suggestion={suggestion}
          disabled={isSubmitting}
          onUse={() => {
            setValue("name", suggestion);
            formRef.current?.requestSubmit();
          }}
        />
      )}
      {failure !== undefined && <ProblemNotice error={failure} />}
      <div className="form-field">
        <label htmlFor={`${id}-name`}>{t("portalSetup.name")}</label>
        <input
          id={`${id}-name`}
          type="text"
          autoComplete="organization"
          {...invalidProps(nameMessages, `${id}-name-error`)}
          {...register("name")}
        />
        <p className="field-hint">{t("portalSetup.nameHint")}</p>
        {nameMessages.length > 0 && (
          <p id={`${id}-name-error`} className="field-error">
            {nameMessages[0]}
          </p>
        )}
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={isSubmitting}>
          {isSubmitting ? t("portalSetup.configuring") : t("portalSetup.configureNow")}
        </button>
      </div>
    </form>
  );
}
