// Consoles open in a new tab and the Gatehouse tab stays. Browsers allow a new tab only during the click itself, and
// the login URL arrives after a request, so the tab is opened empty on the click, cut off from this page (no
// `opener`: the AWS console cannot reach back into Gatehouse) and sent to the login URL once it arrives. If the
// browser blocked the tab, the caller shows the URL as a link instead (target="_blank", rel="noopener noreferrer").

/** An empty tab opened during the click, or null when the browser refused one. */
export function openPendingTab(): Window | null {
  const tab = window.open("", "_blank");
  if (!tab) return null;
  try {
    tab.opener = null;
    tab.document.title = "Opening the AWS console…";
    tab.document.body.textContent = "Opening the AWS console…";
  } catch {
    // A tab we cannot write to is still one we can send on.
  }
  return tab;
}

/** Sends the pending tab to `url`; false when there is no tab left to send (blocked or closed by the person). */
export function sendPendingTab(tab: Window | null, url: string): boolean {
  if (!tab || tab.closed) return false;
  tab.location.replace(url);
  return true;
}

/** Closes the pending tab after a refusal, so the person reads the reason next to the button. */
export function closePendingTab(tab: Window | null): void {
  if (tab && !tab.closed) tab.close();
}
