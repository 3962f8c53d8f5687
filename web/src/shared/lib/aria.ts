/** aria attributes of a control with error `messages`, shown in the element `errorId`. */
export function invalidProps(messages: string[], errorId: string) {
  return messages.length > 0 ? { "aria-invalid": true as const, "aria-describedby": errorId } : {};
}
