import { Annotations, Stack } from 'aws-cdk-lib';
import {
  FlowLogDestination,
  FlowLogTrafficType,
  GatewayVpcEndpointAwsService,
  Subnet,
  SubnetType,
  Vpc,
  type IVpc,
  type SubnetSelection,
} from 'aws-cdk-lib/aws-ec2';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ConfigError } from '@s3bulk/core';

export interface JobNetworkProps {
  /** An existing VPC; needs `subnetIds`. Imported by id: synth needs no AWS credentials. */
  readonly vpcId?: string;
  /** Subnets of `vpcId` the Fargate tasks run in (public, or private with a NAT or endpoints). */
  readonly subnetIds?: readonly string[];
  /** @default RetentionDays.ONE_MONTH */
  readonly flowLogRetention?: RetentionDays;
}

/**
 * Where the Fargate tasks run: an existing VPC and subnets by id, or a small VPC of two public
 * subnets (tasks get a public IP, as in the seed; no NAT gateway to pay for) with an S3 gateway
 * endpoint, so object traffic stays on the AWS network.
 */
export class JobNetwork extends Construct {
  readonly vpc: IVpc;
  readonly subnets: SubnetSelection;

  constructor(scope: Construct, id: string, props: JobNetworkProps = {}) {
    super(scope, id);
    const subnetIds = props.subnetIds ?? [];
    if (props.vpcId !== undefined) {
      if (subnetIds.length === 0) {
        throw new ConfigError('job network: an imported VPC (vpcId) needs subnetIds');
      }
      this.vpc = Vpc.fromVpcAttributes(this, 'Vpc', {
        vpcId: props.vpcId,
        availabilityZones: Stack.of(this).availabilityZones,
      });
      const subnets = subnetIds.map((subnetId, i) => {
        const subnet = Subnet.fromSubnetId(this, `Subnet${i}`, subnetId);
        Annotations.of(subnet).acknowledgeWarning(
          '@aws-cdk/aws-ec2:noSubnetRouteTableId',
          'The Batch compute environment needs only subnet ids; no route table is read.',
        );
        return subnet;
      });
      this.subnets = { subnets };
      return;
    }
    if (subnetIds.length > 0) {
      throw new ConfigError('job network: subnetIds need the vpcId they belong to');
    }
    const vpc = new Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'public', subnetType: SubnetType.PUBLIC, cidrMask: 24 }],
      gatewayEndpoints: { S3: { service: GatewayVpcEndpointAwsService.S3 } },
    });
    vpc.addFlowLog('FlowLogs', {
      destination: FlowLogDestination.toCloudWatchLogs(
        new LogGroup(this, 'FlowLogGroup', {
          retention: props.flowLogRetention ?? RetentionDays.ONE_MONTH,
        }),
      ),
      trafficType: FlowLogTrafficType.REJECT,
    });
    this.vpc = vpc;
    this.subnets = { subnetType: SubnetType.PUBLIC };
  }
}
