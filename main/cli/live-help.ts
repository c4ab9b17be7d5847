// The part of the live commands' --help that says how they sign in.
export const AUTH_HELP = `
Sign-in: DefaultAzureCredential (@azure/identity), which tries in order
  - a service principal in the environment: AZURE_TENANT_ID, AZURE_CLIENT_ID
    and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH)
  - workload identity federation: AZURE_TENANT_ID, AZURE_CLIENT_ID and
    AZURE_FEDERATED_TOKEN_FILE (AKS workload identity, or a token a CI job
    writes); in GitHub Actions, azure/login signs in the Azure CLI (below)
  - a managed identity, then the Azure CLI's login ('az login')
AZURE_AUTHORITY_HOST and ACR_CACHE_ARM_ENDPOINT point at other Entra and
Resource Manager hosts; ACR_CACHE_STUDIO_CLOUD picks AzureUSGovernment or
AzureChinaCloud.
`;
