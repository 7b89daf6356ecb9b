// The generated restful and external bindings, as the constructs use them: each renders HCL that the engines
// accept (lib/_hcl.ts). Nothing here is exported from lib/index.ts.
import { Token } from 'cdktf';
import { withHclAttributes, withHclProviderAttributes } from './_hcl';
import { DataExternal as GeneratedDataExternal } from './imports/external/data-external';
import { DataRestfulResource as GeneratedDataRestfulResource } from './imports/restful/data-restful-resource';
import { RestfulProvider as GeneratedRestfulProvider } from './imports/restful/provider';
import { Resource as GeneratedResource } from './imports/restful/resource';


/**
 * The restful provider. restful 0.25 declares `client` and `security` as nested attributes, which cdktf's HCL
 * output would write as blocks. @internal
 */
export class RestfulProvider extends GeneratedRestfulProvider {
  public toHclTerraform(): any {
    return withHclProviderAttributes(this, super.toHclTerraform());
  }
}

/** A `restful_resource`. @internal */
export class Resource extends GeneratedResource {
  public toHclTerraform(): any {
    return withHclAttributes(this, super.toHclTerraform(), 'resource');
  }
}

/** A `restful_resource` data source. @internal */
export class DataRestfulResource extends GeneratedDataRestfulResource {
  public toHclTerraform(): any {
    return withHclAttributes(this, super.toHclTerraform(), 'data');
  }
}

/** An `external` data source. @internal */
export class DataExternal extends GeneratedDataExternal {
  public toHclTerraform(): any {
    return withHclAttributes(this, super.toHclTerraform(), 'data');
  }
}

/**
 * A reference to one field of a restful resource's or data source's `output` (a Terraform dynamic value):
 * `outputField(r, '_id')` → `${restful_resource.x.output._id}`.
 * @internal
 */
export function outputField(element: GeneratedResource | GeneratedDataRestfulResource, path: string): string {
  return Token.asString(element.interpolationForAttribute(`output.${path}`));
}
