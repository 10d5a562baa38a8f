package io.heapcapture.e2e.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The configuration files of containerd, the CNI network, kubelet and kube-proxy, and a kubeconfig
 * per client, written into the run's folder so that a person can read what ran. The settings this
 * VM needs are commented where they are set.
 */
final class NodeFiles {
  private final Path dir;

  NodeFiles(Path dir) {
    this.dir = dir;
  }

  /**
   * A kubeconfig for the API server at {@code server}, authenticating with a client certificate.
   */
  Path kubeconfig(String name, String server, Path ca, ClusterPki.Credentials credentials) {
    return write(
        name + ".kubeconfig",
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: heapcapture-node
          cluster:
            server: %s
            certificate-authority: %s
        users:
        - name: %s
          user:
            client-certificate: %s
            client-key: %s
        contexts:
        - name: heapcapture-node
          context:
            cluster: heapcapture-node
            user: %s
            namespace: default
        current-context: heapcapture-node
        """
            .formatted(server, ca, name, credentials.certificate(), credentials.key(), name));
  }

  Path containerdConfig(NodeBinaries binaries, Path cniConfigDir, String sandboxImage) {
    return write(
        "containerd.toml",
        """
        version = 3
        root = '%s'
        state = '%s'

        [grpc]
          address = '%s'

        [plugins]
          # Its default, /opt/containerd, would be one more folder on the host.
          [plugins.'io.containerd.internal.v1.opt']
            path = '%s'
          [plugins.'io.containerd.nri.v1.nri']
            disable = true
          [plugins.'io.containerd.cri.v1.images']
            snapshotter = 'overlayfs'
            # No registry is reachable: the pause image is imported, and pinned so it is never removed.
            [plugins.'io.containerd.cri.v1.images'.pinned_images]
              sandbox = '%s'
          [plugins.'io.containerd.cri.v1.runtime']
            enable_selinux = false
            disable_apparmor = true
            # The VM drops CAP_SYS_RESOURCE: without this, runc cannot lower oom_score_adj and every
            # sandbox fails with "can't get final child's PID from pipe: EOF".
            restrict_oom_score_adj = true
            [plugins.'io.containerd.cri.v1.runtime'.containerd]
              default_runtime_name = 'runc'
              [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc]
                runtime_type = 'io.containerd.runc.v2'
                [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]
                  BinaryName = '%s'
                  SystemdCgroup = false
            [plugins.'io.containerd.cri.v1.runtime'.cni]
              bin_dirs = ['%s']
              conf_dir = '%s'
              max_conf_num = 1
        """
            .formatted(
                NodeLayout.CONTAINERD_ROOT,
                NodeLayout.CONTAINERD_STATE,
                NodeLayout.CONTAINERD_SOCKET,
                NodeLayout.RUN.resolve("opt"),
                sandboxImage,
                binaries.node("runc"),
                binaries.cni(),
                cniConfigDir));
  }

  /** One bridge network for the node's pods, with masquerading to leave the node. */
  Path cniConfig() {
    Path cniDir = dir.resolve("cni");
    try {
      Files.createDirectories(cniDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    write(
        "cni/10-heapcapture.conflist",
        """
        {
          "cniVersion": "1.0.0",
          "name": "%s",
          "plugins": [
            {
              "type": "bridge",
              "bridge": "%s",
              "isGateway": true,
              "ipMasq": true,
              "hairpinMode": true,
              "ipam": {
                "type": "host-local",
                "ranges": [[{"subnet": "%s"}]],
                "routes": [{"dst": "0.0.0.0/0"}]
              }
            },
            {"type": "portmap", "capabilities": {"portMappings": true}}
          ]
        }
        """
            .formatted(HostCleanup.NETWORK_NAME, NodeLayout.BRIDGE, NodeLayout.POD_CIDR));
    return cniDir;
  }

  Path kubeletConfig(Path ca) {
    return write(
        "kubelet.yaml",
        """
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        # This VM has cgroup v1 (hybrid); 1.35 refuses it unless told not to.
        failCgroupV1: false
        cgroupDriver: cgroupfs
        failSwapOn: false
        containerRuntimeEndpoint: unix://%s
        authentication:
          anonymous:
            enabled: false
          webhook:
            enabled: true
          x509:
            clientCAFile: %s
        authorization:
          mode: Webhook
        readOnlyPort: 0
        healthzBindAddress: 127.0.0.1
        healthzPort: 10248
        clusterDomain: cluster.local
        # Folders of our own instead of /usr/libexec/kubernetes and /var/log/pods.
        volumePluginDir: %s
        podLogsDir: %s
        resolvConf: /etc/resolv.conf
        # A shared build machine: never evict a test pod for a busy disk, never drop an imported image.
        evictionHard:
          memory.available: 100Mi
          nodefs.available: 1%%
          nodefs.inodesFree: 1%%
          imagefs.available: 1%%
        imageGCHighThresholdPercent: 100
        imageGCLowThresholdPercent: 99
        serializeImagePulls: false
        rotateCertificates: false
        serverTLSBootstrap: false
        shutdownGracePeriod: 0s
        """
            .formatted(
                NodeLayout.CONTAINERD_SOCKET, ca, NodeLayout.VOLUME_PLUGINS, NodeLayout.POD_LOGS));
  }

  Path kubeProxyConfig(Path kubeconfig, String nodeName) {
    return write(
        "kube-proxy.yaml",
        """
        apiVersion: kubeproxy.config.k8s.io/v1alpha1
        kind: KubeProxyConfiguration
        mode: iptables
        clientConnection:
          kubeconfig: %s
        hostnameOverride: %s
        clusterCIDR: %s
        metricsBindAddress: 127.0.0.1:10249
        healthzBindAddress: 127.0.0.1:10256
        # Zeros leave the host's conntrack settings alone.
        conntrack:
          maxPerCore: 0
          min: 0
          tcpEstablishedTimeout: 0s
          tcpCloseWaitTimeout: 0s
        iptables:
          # Node ports on 127.0.0.1 would need net.ipv4.conf.all.route_localnet=1.
          localhostNodePorts: false
        """
            .formatted(kubeconfig, nodeName, NodeLayout.POD_CIDR));
  }

  private Path write(String name, String content) {
    Path file = dir.resolve(name);
    try {
      Files.writeString(file, content);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
