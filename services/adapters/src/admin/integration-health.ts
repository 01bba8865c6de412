// The figures and the delivery switch are @baton/db's, shared with the gateway's GraphQL.
export {
  vendorIntegrationHealth as integrationHealth,
  setEndpointState,
  type VendorIntegrationHealth as IntegrationHealth,
} from '@baton/db'
