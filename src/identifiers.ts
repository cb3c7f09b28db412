// Pure: every command id and view id the extension owns, said once. The command table, the tree
// nodes, the welcome views' links and the tests import these; test/manifest.test.ts checks them
// against package.json, so a typo is a failing test, not a dead button.

export const CommandIds = {
  signIn: "cloudflareMtls.signIn",
  signOut: "cloudflareMtls.signOut",
  chooseAccounts: "cloudflareMtls.chooseAccounts",
  refresh: "cloudflareMtls.refresh",
  uploadCertificate: "cloudflareMtls.uploadCertificate",
  /** The view title bar's Upload: always asks where (VS Code hands it the focused row, which is no answer). */
  uploadCertificateFromViewTitle: "cloudflareMtls.uploadCertificateFromViewTitle",
  inspectCertificate: "cloudflareMtls.inspectCertificate",
  showCertificateDetails: "cloudflareMtls.showCertificateDetails",
  deleteCertificate: "cloudflareMtls.deleteCertificate",
  editHostnames: "cloudflareMtls.editHostnames",
  editHostnameSettings: "cloudflareMtls.editHostnameSettings",
  showAssociations: "cloudflareMtls.showAssociations",
  copyId: "cloudflareMtls.copyId",
  copyFingerprint: "cloudflareMtls.copyFingerprint",
  copyPem: "cloudflareMtls.copyPem",
  savePemAs: "cloudflareMtls.savePemAs",
  openInDashboard: "cloudflareMtls.openInDashboard",
  openLog: "cloudflareMtls.openLog",
  createClientCertificate: "cloudflareMtls.createClientCertificate",
  createClientCertificateFromCsr: "cloudflareMtls.createClientCertificateFromCsr",
  revokeClientCertificate: "cloudflareMtls.revokeClientCertificate",
  reactivateClientCertificate: "cloudflareMtls.reactivateClientCertificate",
  toggleRevokedClientCertificates: "cloudflareMtls.toggleRevokedClientCertificates",
  editMtlsHostnames: "cloudflareMtls.editMtlsHostnames",
  findCaHostnamesInZone: "cloudflareMtls.findCaHostnamesInZone",
  // Where the code uses certificates: wrangler bindings and Terraform imports.
  insertWranglerBinding: "cloudflareMtls.insertWranglerBinding",
  copyWranglerBinding: "cloudflareMtls.copyWranglerBinding",
  copyTerraformImport: "cloudflareMtls.copyTerraformImport",
  /** An account's Zones group at scale: zones load a page at a time, or by name. */
  findZone: "cloudflareMtls.findZone",
  showMoreZones: "cloudflareMtls.showMoreZones",
  clearZoneFilter: "cloudflareMtls.clearZoneFilter",
  /** Guided rotation of an Access CA, an account mTLS CA or a client certificate (takes a CertificateNode). */
  rotateCertificate: "cloudflareMtls.rotateCertificate",
  // Expiry watch: the status bar item's QuickPick, a check on demand, zones pinned to the scan,
  // and the tree's filters.
  showExpiringCertificates: "cloudflareMtls.showExpiringCertificates",
  checkCertificateExpiry: "cloudflareMtls.checkCertificateExpiry",
  pinZoneToExpiryWatch: "cloudflareMtls.pinZoneToExpiryWatch",
  unpinZoneFromExpiryWatch: "cloudflareMtls.unpinZoneFromExpiryWatch",
  showOnlyExpiringCertificates: "cloudflareMtls.showOnlyExpiringCertificates",
  showAllCertificates: "cloudflareMtls.showAllCertificates",
  filterCertificates: "cloudflareMtls.filterCertificates",
  clearCertificateFilter: "cloudflareMtls.clearCertificateFilter",
} as const;

export type CommandName = keyof typeof CommandIds;
export type CommandId = (typeof CommandIds)[CommandName];

export const ViewIds = {
  /** The tree in the Cloudflare mTLS activity bar container. */
  certificates: "cloudflareMtls.certificates",
  /** The webview panel type of certificate details. */
  certificateDetails: "cloudflareMtls.certificateDetails",
} as const;

/** The workbench command that shows and focuses a view. */
export function focusViewCommand(viewId: string): string {
  return `${viewId}.focus`;
}
