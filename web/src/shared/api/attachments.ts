import { useQuery } from "@tanstack/react-query";
import {
  api,
  ok,
  REQUESTED_WITH,
  signalOption,
  type Attachment,
  type AttachmentUpload,
  type DownloadLink,
} from "./client";
import { customerAttachmentsKey } from "./keys";
import { staffNoteKeys } from "./notes";
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES } from "../limits.gen";

/** What the `accept` attribute of the file input offers. */
export const ATTACHMENT_ACCEPT = Object.keys(ATTACHMENT_TYPES).join(",");

export type FileProblem = "type" | "size" | "empty";

/**
 * Checks a chosen file with the API's rules before anything is sent: the
 * extension must be on the allowlist (the browser's own type guess varies by
 * system, so the extension decides the declared type) and the size 1 byte to
 * 20 MB. The answer is the content type to declare, or the rule it breaks.
 */
export function checkAttachmentFile(
  file: Pick<File, "name" | "size">,
): { contentType: string } | { problem: FileProblem } {
  const dot = file.name.lastIndexOf(".");
  const ext = dot >= 0 ? file.name.slice(dot).toLowerCase() : "";
  const contentType = ATTACHMENT_TYPES[ext];
  if (!contentType) return { problem: "type" };
  if (file.size < 1) return { problem: "empty" };
  if (file.size > ATTACHMENT_MAX_BYTES) return { problem: "size" };
  return { contentType };
}

/** Sizes as people read them: 512 B, 12.5 KB, 3.2 MB. */
export function formatBytes(size: number, language: string): string {
  const number = (value: number) =>
    new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(value);
  if (size < 1024) return `${number(size)} B`;
  if (size < 1024 * 1024) return `${number(size / 1024)} KB`;
  return `${number(size / (1024 * 1024))} MB`;
}

// ---------------------------------------------------------------- portal

export async function fetchMyAttachments(
  module: string,
  id: string,
  signal?: AbortSignal,
): Promise<Attachment[]> {
  return ok(
    await api.GET("/api/records/{module}/{id}/attachments", {
      params: { path: { module, id }, query: { limit: 100 } },
      ...signalOption(signal),
    }),
  ).items;
}

export function useMyAttachments(module: string, id: string) {
  return useQuery({
    queryKey: customerAttachmentsKey(module, id),
    queryFn: ({ signal }) => fetchMyAttachments(module, id, signal),
    retry: false,
  });
}

/** Declares an upload; the answer says where to post the file. */
export async function createMyAttachment(
  module: string,
  id: string,
  file: { filename: string; contentType: string; size: number },
): Promise<AttachmentUpload> {
  return ok(
    await api.POST("/api/records/{module}/{id}/attachments", {
      params: { path: { module, id }, header: REQUESTED_WITH },
      body: file,
    }),
  );
}

/** After the upload: the API checks the stored file (422 with errors[{field: "file"}] when it is not what it says). */
export async function completeMyAttachment(
  module: string,
  id: string,
  aid: string,
): Promise<Attachment> {
  return ok(
    await api.POST("/api/records/{module}/{id}/attachments/{aid}/complete", {
      params: { path: { module, id, aid }, header: REQUESTED_WITH },
    }),
  );
}

export async function fetchMyAttachmentLink(
  module: string,
  id: string,
  aid: string,
): Promise<DownloadLink> {
  return ok(
    await api.GET("/api/records/{module}/{id}/attachments/{aid}", {
      params: { path: { module, id, aid } },
    }),
  );
}

export async function deleteMyAttachment(module: string, id: string, aid: string): Promise<void> {
  ok(
    await api.DELETE("/api/records/{module}/{id}/attachments/{aid}", {
      params: { path: { module, id, aid }, header: REQUESTED_WITH },
    }),
  );
}

/** Thrown when the storage refuses the upload; status 0 when it could not be reached. */
export class AttachmentUploadError extends Error {
  readonly status: number;

  constructor(status: number) {
    super(`upload failed with HTTP ${String(status)}`);
    this.name = "AttachmentUploadError";
    this.status = status;
  }
}

/**
 * Posts the file to the presigned storage form: every field the API gave,
 * then the file last as `file`. XMLHttpRequest rather than fetch, for the
 * upload's progress (0 to 1).
 */
export function postUpload(
  upload: AttachmentUpload["upload"],
  file: Blob,
  onProgress: (fraction: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
    form.append("file", file);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", upload.url);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve();
      } else {
        reject(new AttachmentUploadError(xhr.status));
      }
    };
    xhr.onerror = () => {
      reject(new AttachmentUploadError(0));
    };
    xhr.send(form);
  });
}

// ----------------------------------------------------------------- staff

export async function fetchAttachments(
  module: string,
  id: string,
  signal?: AbortSignal,
): Promise<Attachment[]> {
  return ok(
    await api.GET("/api/admin/records/{module}/{id}/attachments", {
      params: { path: { module, id }, query: { limit: 100 } },
      ...signalOption(signal),
    }),
  ).items;
}

export function useAttachments(module: string, id: string) {
  return useQuery({
    queryKey: staffNoteKeys.attachments(module, id),
    queryFn: ({ signal }) => fetchAttachments(module, id, signal),
  });
}

/**
 * Declares a staff upload, shared with the customers who may see the record
 * or internal (the default); the answer says where to post the file.
 */
export async function createAttachment(
  module: string,
  id: string,
  file: { filename: string; contentType: string; size: number; shared: boolean },
): Promise<AttachmentUpload> {
  return ok(
    await api.POST("/api/admin/records/{module}/{id}/attachments", {
      params: { path: { module, id }, header: REQUESTED_WITH },
      body: file,
    }),
  );
}

/** After a staff upload: the API checks the stored file, as the portal's completion does. */
export async function completeAttachment(
  module: string,
  id: string,
  aid: string,
): Promise<Attachment> {
  return ok(
    await api.POST("/api/admin/records/{module}/{id}/attachments/{aid}/complete", {
      params: { path: { module, id, aid }, header: REQUESTED_WITH },
    }),
  );
}

export async function fetchAttachmentLink(
  module: string,
  id: string,
  aid: string,
): Promise<DownloadLink> {
  return ok(
    await api.GET("/api/admin/records/{module}/{id}/attachments/{aid}", {
      params: { path: { module, id, aid } },
    }),
  );
}

/** Follows a link the way a click would, without showing it. */
function follow(href: string, download?: string): void {
  const link = document.createElement("a");
  link.href = href;
  if (download) link.download = download;
  else link.rel = "noopener";
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
}

/**
 * Opens a short-lived download address (a presigned storage URL answering
 * with Content-Disposition: attachment, so the page stays).
 */
export function openDownload(url: string): void {
  follow(url);
}

/** Saves `blob` as a file named `filename`. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  follow(url, filename);
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 0);
}

/**
 * The upload sequence both sides share: the API declares the upload, the
 * browser posts the file to storage (reporting progress), then the API checks
 * it. `settled` runs after the check whether it passed or not: the file is in
 * the record's list either way (checked, or refused and gone).
 */
export async function uploadAttachment(
  file: Blob,
  onProgress: (fraction: number) => void,
  steps: {
    declare: () => Promise<AttachmentUpload>;
    complete: (aid: string) => Promise<unknown>;
    settled: () => Promise<unknown>;
  },
): Promise<void> {
  const declared = await steps.declare();
  await postUpload(declared.upload, file, onProgress);
  try {
    await steps.complete(declared.attachment.id);
  } finally {
    await steps.settled();
  }
}
