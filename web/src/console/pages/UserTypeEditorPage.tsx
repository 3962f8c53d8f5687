import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useProblems } from "../../shared/lib/problems";
import { Link, useParams, useSearchParams } from "react-router";
import { adminKeys } from "../api/admin";
import { ApiError, type Module, type Perm, type Tab, type UserType } from "../../shared/api/client";
import { updateUserType, useAllModules, useUserType, useUserTypes } from "../api/portalSetup";
import { ConflictNotice } from "../components/ConflictNotice";
import { FieldPermissions } from "../components/portalSetup/FieldPermissions";
import { ErrorText, PortalSetupNav, UsageMeter } from "../components/portalSetup/PortalBits";
import { Dialog } from "../../shared/components/Dialog";
import { useNavigationGuard } from "../../shared/lib/navigationGuard";
import { TabEditor } from "../components/portalSetup/TabEditor";
import { UserTypeNotify } from "../components/NotifySettings";
import { UserTypeMfaPolicy } from "../secondFactor/PolicySelect";
import { CUSTOMER_KINDS } from "../../shared/lib/notifySettings";
import { Loading, ProblemNotice } from "../components/ProblemNotice";
import { useLanguage, useSession } from "../session";
import { invalidProps } from "../../shared/lib/aria";
import { moduleLabel } from "../../shared/lib/labels";
import {
  BASE_MODULES,
  candidateTab,
  candidateTabs,
  checkChange,
  ErrorIndex,
  MAX_TYPE_NAME,
  poolLeft,
  toChange,
  writeBlock,
  type ServerErrors,
  type ValidationTexts,
} from "../lib/portalConfig";
import {
  MAX_CARD_FIELDS,
  MAX_COLUMNS,
  MAX_CRITERION_VALUES,
  MAX_LABEL_LENGTH,
} from "../../shared/limits.gen";
import { initialState, moduleOfPath } from "../lib/userTypeEditor";
import {
  applyFix,
  canonical,
  fieldNamed,
  fieldPath,
  liveIssues,
  sameState,
  standingErrors,
  type Fix,
  type Issue,
  type Place,
} from "../lib/userTypeRules";
import type { EditorState } from "../lib/portalConfig";
import { fieldLabel } from "../../shared/lib/labels";
import {
  ScopeSummary,
  AddTab,
  FixButtons,
  PathName,
} from "../components/portalSetup/UserTypeEditorParts";
import "../components/portalSetup/portalSetup.css";

/** /admin/portal/user-types/:id: the tab configuration and field permissions of a user type. */
export function UserTypeEditorPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const userType = useUserType(id);
  const modules = useAllModules();
  const [saved, setSaved] = useState(false);
  const error = userType.error ?? modules.error;

  return (
    <>
      <PortalSetupNav />
      <p className="breadcrumb">
        <Link to="/admin/portal/user-types">{t("typeEditor.back")}</Link>
      </p>
      <h1>
        {userType.data
          ? t("typeEditor.heading", { name: userType.data.name })
          : t("typeEditor.headingLoading")}
      </h1>
      {error ? (
        <ProblemNotice
          error={error}
          onRetry={() => {
            void userType.refetch();
            modules.refetch();
          }}
        />
      ) : !userType.data || !modules.data ? (
        <Loading label={t("console.loading")} />
      ) : (
        <UserTypeEditor
          // A saved or reloaded type starts a fresh editor.
          key={`${userType.data.id}@${String(userType.data.version)}`}
          userType={userType.data}
          modules={modules.data}
          saved={saved}
          onSaved={setSaved}
        />
      )}
    </>
  );
}

function UserTypeEditor({
  userType,
  modules,
  saved,
  onSaved,
}: {
  userType: UserType;
  modules: Module[];
  /** The last save succeeded: the save bar says so until the next change. */
  saved: boolean;
  onSaved: (saved: boolean) => void;
}) {
  const { t } = useTranslation();
  const problems = useProblems();
  const language = useLanguage();
  const session = useSession();
  const queryClient = useQueryClient();
  const list = useUserTypes();
  const baseId = useId();
  const idFor = (path: string) => `${baseId}${path}`;
  const byName = useMemo(
    () => new Map(modules.map((module) => [module.apiName, module])),
    [modules],
  );
  const [initial] = useState(() => initialState(userType, byName));
  const [state, setState] = useState(initial);
  // The errors of the last refused save (checked here or by the API) and the state it sent.
  const [attempt, setAttempt] = useState<{ errors: ServerErrors; state: EditorState }>();
  const [failure, setFailure] = useState<unknown>(undefined);
  const [forbidden, setForbidden] = useState(false);
  const [saving, setSaving] = useState(false);
  const [tabsReset, setTabsReset] = useState(false);
  const [searchParams, setSearchParams] = useSearchParams();
  const summaryRef = useRef<HTMLDivElement>(null);
  const dirty = !sameState(state, initial);
  const readOnly = forbidden || session.user.role !== "admin";
  const base = byName.get(state.baseModule);
  // ?module= picks the tab on screen; an unknown one falls back to the first tab.
  const asked = state.tabs.findIndex((tab) => tab.module === searchParams.get("module"));
  const selectedIndex = asked >= 0 ? asked : 0;
  const selectedName = state.tabs[selectedIndex]?.module;
  const selectedTab = state.tabs[selectedIndex];
  const selectedModule = selectedTab ? byName.get(selectedTab.module) : undefined;
  const label = (name: string) => {
    const module = byName.get(name);
    return module ? moduleLabel(module, language) : name;
  };

  const fieldName = (module: string, name: string) => {
    const field = fieldNamed(byName.get(module), name);
    return field ? fieldLabel(field, language) : name;
  };
  const placeText = (place: Place) => {
    switch (place.kind) {
      case "column":
        return t("typeEditor.column", { n: place.index + 1 });
      case "title":
        return t("typeEditor.cardTitle");
      case "subtitle":
        return t("typeEditor.cardSubtitle");
      case "cardField":
        return t("typeEditor.cardField", { n: place.index + 1 });
      case "filter":
        return t("typeEditor.live.aFilter");
    }
  };
  // What an issue says at its own control, and at its field's permission row.
  const issueText = (issue: Issue) =>
    issue.rule === "hiddenInUse"
      ? t("typeEditor.live.hiddenInUse")
      : issue.rule === "createNeedsWrite"
        ? t("typeEditor.live.createNeeds", { field: fieldName(issue.module, issue.field) })
        : t("typeEditor.live.writeBlocked");
  const rowText = (issue: Issue) =>
    issue.rule === "hiddenInUse"
      ? t("typeEditor.live.usedAs", { module: label(issue.module), place: placeText(issue.place) })
      : t("typeEditor.live.requiredToCreate", { module: label(issue.module) });
  const fixLabel = (fix: Fix) => {
    switch (fix.kind) {
      case "makeRead":
        return t("typeEditor.live.makeRead", { field: fieldName(fix.module, fix.field) });
      case "makeWrite":
        return t("typeEditor.live.makeWrite", { field: fieldName(fix.module, fix.field) });
      case "createOff":
        return t("typeEditor.live.createOff", {
          module: label(state.tabs[fix.tab]?.module ?? ""),
        });
      case "removeUse": {
        const tab = state.tabs[fix.tab];
        const display = tab?.display;
        const name =
          fix.place.kind === "column"
            ? display?.columns?.[fix.place.index]
            : fix.place.kind === "cardField"
              ? display?.cardFields?.[fix.place.index]
              : fix.place.kind === "subtitle"
                ? display?.subtitle
                : fix.place.kind === "filter"
                  ? tab?.filterable[fix.place.index]
                  : display?.title;
        const field = fieldName(tab?.module ?? "", name ?? "");
        return fix.place.kind === "column"
          ? t("typeEditor.live.removeColumn", { field })
          : fix.place.kind === "filter"
            ? t("typeEditor.live.removeFilter", { field })
            : t("typeEditor.live.removeCard", { field });
      }
    }
  };

  const live = useMemo(() => liveIssues(state, byName), [state, byName]);
  const standing = attempt ? standingErrors(attempt.errors, attempt.state, state, live) : [];
  // Each issue once, where the API would name it: the list next to Save.
  const summary: ServerErrors = [
    ...live.map((issue) => ({ field: issue.path, message: issueText(issue) })),
    ...standing,
  ];
  // The controls also flag the permission row of the field an issue is about.
  const errors = new ErrorIndex([
    ...summary,
    ...live
      .filter((issue) => issue.rule !== "writeBlocked")
      .map((issue) => ({ field: fieldPath(issue), message: rowText(issue) })),
  ]);
  const fixes = (path: string) => {
    if (readOnly) return null;
    const seen = new Set<string>();
    const buttons: { key: string; label: string; apply: () => void }[] = [];
    for (const issue of live) {
      if (issue.path !== path && fieldPath(issue) !== path) continue;
      for (const fix of issue.fixes) {
        const key = canonical(fix);
        if (seen.has(key)) continue;
        seen.add(key);
        buttons.push({
          key,
          label: fixLabel(fix),
          apply: () => {
            setState((old) => applyFix(old, fix));
          },
        });
      }
    }
    return <FixButtons fixes={buttons} />;
  };

  // Leaving with unsaved changes asks first: another page of the app, or the tab itself.
  const blocker = useNavigationGuard(
    ({ currentLocation, nextLocation }) =>
      dirty && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => {
      window.removeEventListener("beforeunload", warn);
    };
  }, [dirty]);

  const select = (module: string) => {
    setSearchParams(
      (params) => {
        const next = new URLSearchParams(params);
        next.set("module", module);
        return next;
      },
      { replace: true },
    );
  };

  // "Show" in the error summary focuses the control; when its tab is not on
  // screen yet, it is chosen first and focused once rendered.
  const pendingFocus = useRef<string | undefined>(undefined);
  const focusControl = (path: string): boolean => {
    let current = path;
    for (;;) {
      const element = document.getElementById(idFor(current));
      if (element) {
        element.focus();
        return true;
      }
      const shorter = current.replace(/(\[\d+\]|\.[^.[\]]+)$/, "");
      if (shorter === current || !/[.[]/.test(current)) return false;
      current = shorter;
    }
  };
  useEffect(() => {
    const path = pendingFocus.current;
    if (path && focusControl(path)) pendingFocus.current = undefined;
  });

  const texts: ValidationTexts = {
    required: t("validation.required"),
    nameLength: t("validation.maxLength", { max: MAX_TYPE_NAME }),
    seats: t("typeEditor.seatsInvalid"),
    seatsBelowUsers: t("licenses.belowUsers", { count: userType.users }),
    layouts: t("typeEditor.layoutsRequired"),
    columns: t("typeEditor.columnsCount", { max: MAX_COLUMNS }),
    cardFields: t("typeEditor.cardFieldsCount", { max: MAX_CARD_FIELDS }),
    repeats: t("typeEditor.repeats"),
    criterionOne: t("typeEditor.criterionOne"),
    criterionMany: t("typeEditor.criterionMany", { max: MAX_CRITERION_VALUES }),
    labelLength: t("validation.maxLength", { max: MAX_LABEL_LENGTH }),
  };

  const showErrors = (list: ServerErrors) => {
    setAttempt({ errors: list, state });
    const current = state.tabs.findIndex((tab) => tab.module === selectedName);
    const currentHasErrors = list.some(
      (error) =>
        ErrorIndex.tabIndex(error.field) === current ||
        ErrorIndex.fieldsModule(error.field) === selectedName,
    );
    const target = list
      .map((error) => moduleOfPath(error.field, state.tabs))
      .find((module): module is string => Boolean(module));
    if (!currentHasErrors && target) select(target);
    // After the summary renders, move there so screen readers read it out.
    setTimeout(() => summaryRef.current?.focus(), 0);
  };

  const save = async () => {
    onSaved(false);
    setFailure(undefined);
    const change = toChange(state, userType.free);
    const local = [
      ...live.map((issue) => ({ field: issue.path, message: issueText(issue) })),
      ...checkChange(change, texts, userType.users),
    ];
    if (local.length > 0) {
      showErrors(local);
      return;
    }
    setAttempt(undefined);
    setSaving(true);
    try {
      const updated = await updateUserType(userType.id, userType.version, change);
      onSaved(true);
      queryClient.setQueryData(adminKeys.userType(userType.id), updated);
      void queryClient.invalidateQueries({ queryKey: adminKeys.userTypes });
      void queryClient.invalidateQueries({ queryKey: adminKeys.licenses });
    } catch (error) {
      setSaving(false);
      if (error instanceof ApiError && error.status === 403) {
        setForbidden(true);
        return;
      }
      const fieldErrors =
        error instanceof ApiError && error.status === 422 ? (error.problem?.errors ?? []) : [];
      // Each refusal in the admin's language, by its code (shared/lib/problems).
      if (fieldErrors.length > 0)
        showErrors(fieldErrors.map((item) => ({ ...item, message: problems.field(item) })));
      else setFailure(error);
    }
  };

  const setTab = (index: number, tab: Tab) => {
    setState((old) => ({ ...old, tabs: old.tabs.map((t0, i) => (i === index ? tab : t0)) }));
  };
  const setPerm = (module: string, field: string, perm: Perm) => {
    setState((old) => ({
      ...old,
      fields: { ...old.fields, [module]: { ...old.fields[module], [field]: perm } },
    }));
  };
  const setAllPerms = (module: Module, tab: Tab | undefined, perm: Perm) => {
    setState((old) => {
      const perms = { ...old.fields[module.apiName] };
      for (const field of module.fields) {
        const blocked = writeBlock(tab, field);
        perms[field.apiName] = perm === "write" && blocked ? "read" : perm;
      }
      return { ...old, fields: { ...old.fields, [module.apiName]: perms } };
    });
  };

  const addable = base
    ? modules.filter(
        (module) =>
          !state.tabs.some((tab) => tab.module === module.apiName) && candidateTab(module, base),
      )
    : [];
  const conflict = failure instanceof ApiError && failure.status === 412;
  const left = list.data ? poolLeft(list.data.items, list.data.limits) : undefined;
  const bases = userType.free ? (["Contacts"] as const) : BASE_MODULES;

  return (
    <form
      className="type-editor"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      {readOnly && (
        <p role="status" className="notice notice-warn" data-testid="user-type-read-only">
          {t("typeEditor.readOnly")}
        </p>
      )}
      {conflict && (
        <ConflictNotice
          message={t("typeEditor.conflict")}
          onReload={() =>
            void queryClient.invalidateQueries({ queryKey: adminKeys.userType(userType.id) })
          }
        />
      )}
      {!conflict && failure !== undefined && <ProblemNotice error={failure} />}
      <section className="card" aria-labelledby={`${baseId}-general`}>
        <h2 id={`${baseId}-general`}>{t("typeEditor.general")}</h2>
        <dl className="summary">
          <div>
            <dt>{t("userTypes.kind")}</dt>
            <dd>
              <span className={`badge ${userType.free ? "badge-good" : "badge-warn"}`}>
                {userType.free ? t("userTypes.free") : t("userTypes.licensed")}
              </span>
            </dd>
          </div>
          <div>
            <dt>{t("userTypes.users")}</dt>
            <dd>
              <UsageMeter
                users={userType.users}
                capacity={userType.capacity}
                label={t("userTypes.usageLabel", { name: userType.name })}
              />
            </dd>
          </div>
        </dl>
        <fieldset disabled={readOnly} className="plain">
          <div className="form-field">
            <label htmlFor={idFor("name")}>{t("userTypes.name")}</label>
            <input
              id={idFor("name")}
              type="text"
              value={state.name}
              onChange={(event) => {
                const name = event.target.value;
                setState((old) => ({ ...old, name }));
              }}
              {...invalidProps(errors.at("name"), `${idFor("name")}-error`)}
            />
            <ErrorText id={`${idFor("name")}-error`} messages={errors.at("name")} />
          </div>
          <div className="form-field">
            <label htmlFor={idFor("baseModule")}>{t("userTypes.baseModule")}</label>
            <select
              id={idFor("baseModule")}
              value={state.baseModule}
              disabled={userType.free || userType.users > 0}
              onChange={(event) => {
                const baseModule = event.target.value;
                const nextBase = byName.get(baseModule);
                setState((old) => ({
                  ...old,
                  baseModule,
                  tabs: nextBase ? candidateTabs(nextBase, modules) : old.tabs,
                }));
                setAttempt(undefined);
                setTabsReset(true);
                if (nextBase) select(baseModule);
              }}
              {...invalidProps(errors.at("baseModule"), `${idFor("baseModule")}-error`)}
            >
              {bases.map((name) => (
                <option key={name} value={name}>
                  {label(name)}
                </option>
              ))}
            </select>
            <p className="field-hint">
              {userType.free
                ? t("userTypes.baseFirst")
                : userType.users > 0
                  ? t("typeEditor.baseLocked", { count: userType.users })
                  : t("typeEditor.baseChange")}
            </p>
            {tabsReset && (
              <p role="status" className="notice notice-warn">
                {t("typeEditor.tabsReset", { module: label(state.baseModule) })}
              </p>
            )}
            <ErrorText id={`${idFor("baseModule")}-error`} messages={errors.at("baseModule")} />
          </div>
          {!userType.free && (
            <div className="form-field">
              <label htmlFor={idFor("seats")}>{t("userTypes.seats")}</label>
              <input
                id={idFor("seats")}
                type="number"
                min={userType.users}
                step={1}
                inputMode="numeric"
                value={state.seats}
                onChange={(event) => {
                  const seats = event.target.value;
                  setState((old) => ({ ...old, seats }));
                }}
                {...invalidProps(errors.at("seats"), `${idFor("seats")}-error`)}
              />
              {left !== undefined && (
                <p className="field-hint">
                  {t("typeEditor.seatsHint", { count: left + userType.seats })}
                </p>
              )}
              <ErrorText id={`${idFor("seats")}-error`} messages={errors.at("seats")} />
            </div>
          )}
          <div className="form-field form-field-check">
            <input
              id={idFor("openFirstTab")}
              type="checkbox"
              checked={state.openFirstTab ?? false}
              onChange={(event) => {
                const openFirstTab = event.target.checked;
                setState((old) => ({ ...old, openFirstTab }));
              }}
              {...invalidProps(errors.at("openFirstTab"), `${idFor("openFirstTab")}-error`)}
            />
            <label htmlFor={idFor("openFirstTab")}>
              {t("portalHome.openFirstTab")}
              <span className="field-hint"> — {t("portalHome.openFirstTabHint")}</span>
            </label>
            <ErrorText id={`${idFor("openFirstTab")}-error`} messages={errors.at("openFirstTab")} />
          </div>
          <UserTypeNotify
            value={state.notify ?? [...CUSTOMER_KINDS]}
            messages={errors.under("notify")}
            onChange={(notify) => {
              setState((old) => ({ ...old, notify }));
            }}
          />
          {state.baseModule === "Contacts" && (
            <div className="form-field form-field-check">
              <input
                id={idFor("delegable")}
                type="checkbox"
                checked={state.delegable ?? false}
                onChange={(event) => {
                  const delegable = event.target.checked;
                  setState((old) => ({ ...old, delegable }));
                }}
                {...invalidProps(errors.at("delegable"), `${idFor("delegable")}-error`)}
              />
              <label htmlFor={idFor("delegable")}>
                {t("typeEditor.delegable")}
                <span className="field-hint"> — {t("typeEditor.delegableHint")}</span>
              </label>
              <ErrorText id={`${idFor("delegable")}-error`} messages={errors.at("delegable")} />
            </div>
          )}
          <UserTypeMfaPolicy
            value={state.mfa ?? "optional"}
            messages={errors.at("mfa")}
            onChange={(mfa) => {
              setState((old) => ({ ...old, mfa }));
            }}
          />
          <div className="form-field form-field-check">
            <input
              id={idFor("passkeyLogin")}
              type="checkbox"
              checked={state.passkeyLogin ?? false}
              onChange={(event) => {
                const passkeyLogin = event.target.checked;
                setState((old) => ({ ...old, passkeyLogin }));
              }}
            />
            <label htmlFor={idFor("passkeyLogin")}>
              {t("passkeys.loginLabel")}
              <span className="field-hint"> — {t("passkeys.loginHint")}</span>
            </label>
          </div>
        </fieldset>
      </section>

      <section className="card" aria-labelledby={`${baseId}-tabs`}>
        <h2 id={`${baseId}-tabs`}>{t("typeEditor.tabs")}</h2>
        <p className="field-hint">{t("typeEditor.tabsHint")}</p>
        <div className="table-scroll">
          <table className="records tabs-overview">
            <caption className="visually-hidden">{t("typeEditor.tabs")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("typeEditor.module")}</th>
                <th scope="col">{t("typeEditor.enabled")}</th>
                <th scope="col">{t("typeEditor.records")}</th>
                <th scope="col">{t("typeEditor.permissions")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("typeEditor.problems")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {state.tabs.map((tab, index) => {
                const name = label(tab.module);
                const tabErrors =
                  errors.under(`tabs[${String(index)}]`).length +
                  errors.under(`fields.${tab.module}`).length;
                const selected = index === selectedIndex;
                return (
                  <tr key={tab.module} className={selected ? "selected" : undefined}>
                    <th scope="row">
                      <button
                        type="button"
                        className="link-button"
                        aria-current={selected ? "true" : undefined}
                        onClick={() => {
                          select(tab.module);
                        }}
                      >
                        {name}
                      </button>
                    </th>
                    <td>
                      <input
                        id={idFor(`tabs[${String(index)}].enabled`)}
                        type="checkbox"
                        checked={tab.enabled}
                        disabled={readOnly}
                        aria-label={t("typeEditor.enabledFor", { module: name })}
                        onChange={(event) => {
                          setTab(index, { ...tab, enabled: event.target.checked });
                        }}
                      />
                    </td>
                    <td>
                      <ScopeSummary tab={tab} base={base} byName={byName} />
                    </td>
                    <td>
                      {(["view", "create", "edit", "delete"] as const)
                        .filter((action) => tab[action])
                        .map((action) => t(`typeEditor.${action}`))
                        .join(", ") || t("common.none")}
                    </td>
                    <td>
                      {tabErrors > 0 && (
                        <span className="text-bad">
                          {t("typeEditor.tabErrors", { count: tabErrors })}
                        </span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {!readOnly && addable.length > 0 && base && (
          <AddTab
            modules={addable}
            label={label}
            onAdd={(module) => {
              const tab = candidateTab(module, base);
              if (!tab) return;
              setState((old) => ({ ...old, tabs: [...old.tabs, tab] }));
              setAttempt(undefined);
              select(module.apiName);
            }}
          />
        )}
      </section>

      {selectedTab && selectedModule && base && (
        <>
          <section className="card" aria-labelledby={idFor(`tabs[${String(selectedIndex)}]`)}>
            <div className="card-header">
              <h2 id={idFor(`tabs[${String(selectedIndex)}]`)} tabIndex={-1}>
                {t("typeEditor.tabHeading", { module: label(selectedTab.module) })}
              </h2>
              {!readOnly && selectedTab.module !== base.apiName && (
                <button
                  type="button"
                  className="danger"
                  onClick={() => {
                    setState((old) => ({
                      ...old,
                      tabs: old.tabs.filter((tab) => tab.module !== selectedTab.module),
                    }));
                    setAttempt(undefined);
                    select(base.apiName);
                  }}
                >
                  {t("typeEditor.removeTab")}
                </button>
              )}
            </div>
            <fieldset disabled={readOnly} className="plain">
              <TabEditor
                tab={selectedTab}
                index={selectedIndex}
                module={selectedModule}
                base={base}
                perms={state.fields[selectedModule.apiName]}
                errors={errors}
                idFor={idFor}
                fixes={fixes}
                onChange={(tab) => {
                  setTab(selectedIndex, tab);
                }}
              />
            </fieldset>
          </section>
          <section className="card" aria-labelledby={idFor(`fields.${selectedModule.apiName}`)}>
            <h2 id={idFor(`fields.${selectedModule.apiName}`)} tabIndex={-1}>
              {t("typeEditor.fieldsHeading", { module: label(selectedModule.apiName) })}
            </h2>
            <fieldset disabled={readOnly} className="plain">
              <FieldPermissions
                module={selectedModule}
                tab={selectedTab}
                perms={state.fields[selectedModule.apiName]}
                errors={errors}
                idFor={idFor}
                fixes={fixes}
                onChange={(field, perm) => {
                  setPerm(selectedModule.apiName, field, perm);
                }}
                onChangeAll={(perm) => {
                  setAllPerms(selectedModule, selectedTab, perm);
                }}
              />
            </fieldset>
          </section>
        </>
      )}

      {!readOnly && (
        <div className="sticky-actions save-bar">
          {summary.length > 0 && (
            <div
              ref={summaryRef}
              // Announced when a save is refused; while editing, the flags at the controls speak.
              role={attempt ? "alert" : undefined}
              tabIndex={-1}
              className="notice notice-error save-bar-errors"
              data-testid="user-type-errors"
            >
              <p className="notice-title">
                {t("typeEditor.errorsHeading", { count: summary.length })}
              </p>
              <ul>
                {summary.map((error) => (
                  <li key={`${error.field}:${error.message}`}>
                    <PathName path={error.field} state={state} byName={byName} /> —{" "}
                    {error.message}{" "}
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => {
                        if (focusControl(error.field)) return;
                        pendingFocus.current = error.field;
                        const module = moduleOfPath(error.field, state.tabs);
                        if (module) select(module);
                      }}
                    >
                      {t("typeEditor.showError")}
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <div className="form-actions">
            <button type="submit" className="primary" disabled={saving}>
              {saving ? t("common.saving") : t("common.save")}
            </button>
            <Link to="/admin/portal/user-types">{t("common.cancel")}</Link>
            <p role="status" className="save-bar-status">
              {dirty ? (
                <span className="badge badge-warn" data-testid="user-type-unsaved">
                  {t("typeEditor.live.unsaved")}
                </span>
              ) : saved ? (
                <span className="badge badge-good" data-testid="user-type-saved">
                  {t("typeEditor.saved")}
                </span>
              ) : null}
            </p>
          </div>
        </div>
      )}
      {blocker.state === "blocked" && (
        <Dialog
          title={t("typeEditor.live.leaveTitle")}
          role="alertdialog"
          onClose={() => {
            blocker.reset();
          }}
        >
          <p>{t("typeEditor.live.leaveBody")}</p>
          <div className="form-actions">
            <button
              type="button"
              className="primary"
              onClick={() => {
                blocker.reset();
              }}
            >
              {t("typeEditor.live.stay")}
            </button>
            <button
              type="button"
              className="danger"
              onClick={() => {
                blocker.proceed();
              }}
            >
              {t("typeEditor.live.leave")}
            </button>
          </div>
        </Dialog>
      )}
    </form>
  );
}

