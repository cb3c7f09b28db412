// Rotate Certificate…: one command for the three kinds that can be rotated, on their rows' context
// menus and callable with a tree node (the expiry notification's Rotate… passes one). Each kind's
// guided rotation is its own file; this only finds what was asked for.
import type { Services } from "../services";
import { accessCertificateRecordOf } from "../views/kinds/accessCertificates";
import { clientCertificateRecordOf } from "../views/kinds/clientCertificates";
import { mtlsCertificateRecordOf } from "../views/kinds/mtlsCertificates";
import { certificateTarget } from "./certificateTargets";
import { rotateAccessCertificate } from "./rotateAccessCertificate";
import { rotateClientCertificate } from "./rotateClientCertificate";
import { rotateMtlsCertificate } from "./rotateMtlsCertificate";

export async function rotateCertificate(services: Services, node?: unknown): Promise<void> {
  await services.session.client(); // signed in? (else: one "Sign in first" message)
  const target = certificateTarget(services, node);
  if (!target) {
    await services.prompts.info("Select a certificate in the Cloudflare mTLS view first: an Access CA, an account mTLS CA or a client certificate.");
    return;
  }
  switch (target.certificateKind) {
    case "accessCertificate": {
      const record = accessCertificateRecordOf(target);
      return record ? rotateAccessCertificate(services, target, record) : undefined;
    }
    case "mtlsCertificate": {
      const record = mtlsCertificateRecordOf(target);
      return record ? rotateMtlsCertificate(services, target, record) : undefined;
    }
    case "clientCertificate": {
      const record = clientCertificateRecordOf(target);
      return record ? rotateClientCertificate(services, target, record) : undefined;
    }
    case "hostnameAssociation":
      await services.prompts.info("An mTLS hostname row is not a certificate: rotate the CA it checks against instead.");
      return;
  }
}
