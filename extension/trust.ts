/**
 * Workspace trust. Running a training script executes the workspace's code, so in Restricted Mode ActLens
 * runs nothing: run, re-run and compare refuse with a message that says why and leads to the trust
 * settings. Static checks (lint diagnostics), opening recorded runs and the panel keep working.
 */
import * as vscode from 'vscode';

export const MANAGE_TRUST = 'Manage Workspace Trust';

export function untrustedMessage(action: string): string {
  return (
    `ActLens cannot ${action} in an untrusted workspace: that would execute the workspace's code (the training script ` +
    `and whatever it imports). Static checks still work. Trust this workspace to run training with diagnostics.`
  );
}

export interface TrustGate {
  /**
   * True when running code is allowed. Otherwise shows why not, with a button to the trust settings (without
   * waiting for it), and returns false.
   */
  allowRun(action: string): boolean;
}

export const workspaceTrust: TrustGate = {
  allowRun(action) {
    if (vscode.workspace.isTrusted) return true;
    void vscode.window.showWarningMessage(untrustedMessage(action), MANAGE_TRUST).then((choice) => {
      if (choice === MANAGE_TRUST) void vscode.commands.executeCommand('workbench.trust.manage');
    });
    return false;
  },
};
