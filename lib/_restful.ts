// The generated restful and external bindings, as the constructs use them. Nothing here is exported from
// lib/index.ts; the `restful` namespace there exports the same generated classes.
import { TerraformElement, Token } from 'cdktf';
import { withHclAttributes, withHclProviderAttributes } from './_hcl';
import { DataExternal } from './imports/external/data-external';
import { DataRestfulResource } from './imports/restful/data-restful-resource';
import { Operation } from './imports/restful/operation';
import { RestfulProvider } from './imports/restful/provider';
import { Resource } from './imports/restful/resource';

export { DataExternal, DataRestfulResource, Resource, RestfulProvider };

/**
 * cdktf 0.21 writes some of these elements' Terraform JSON as HCL the engines reject (lib/_hcl.ts says what), so
 * each generated class renders its HCL from its JSON form instead. Installed on the generated classes themselves,
 * once, so the `restful` escape hatch (`new restful.resource.Resource(...)`) gets it as well as the constructs.
 */
function renderHclFromJson(cls: { prototype: TerraformElement }, render: (e: TerraformElement, hcl: any) => any): void {
  const generated = cls.prototype.toHclTerraform;
  Object.defineProperty(cls.prototype, 'toHclTerraform', {
    value: function toHclTerraform(this: TerraformElement) {
      return render(this, generated.call(this));
    },
    writable: true,
    configurable: true,
  });
}
renderHclFromJson(Resource, (e, hcl) => withHclAttributes(e, hcl, 'resource'));
renderHclFromJson(Operation, (e, hcl) => withHclAttributes(e, hcl, 'resource'));
renderHclFromJson(DataRestfulResource, (e, hcl) => withHclAttributes(e, hcl, 'data'));
renderHclFromJson(DataExternal, (e, hcl) => withHclAttributes(e, hcl, 'data'));
// restful 0.25 declares `client` and `security` as nested attributes, which cdktf's HCL would write as blocks.
renderHclFromJson(RestfulProvider, withHclProviderAttributes);

/**
 * A reference to one field of a restful resource's or data source's `output` (a Terraform dynamic value):
 * `outputField(r, '_id')` → `${restful_resource.x.output._id}`.
 * @internal
 */
export function outputField(element: Resource | DataRestfulResource, path: string): string {
  return Token.asString(element.interpolationForAttribute(`output.${path}`));
}
