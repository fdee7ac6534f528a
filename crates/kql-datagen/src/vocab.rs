//! Value vocabularies of the AML tables (azure-exports.md §10.2).
//!
//! Values tagged [doc] in the reference come from Microsoft's pages; the weights and everything
//! else are [synthetic] choices for generated data.

/// A VM size as it appears in `VmSize` (always UPPER), with its family and cores per node.
#[derive(Debug)]
pub(crate) struct VmSize {
    /// `VmSize` value, e.g. `STANDARD_D1_V2` (the Q3 filter).
    pub(crate) name: &'static str,
    /// Draw weight among all sizes.
    pub(crate) weight: f64,
    /// `VmFamilyName`.
    pub(crate) family: &'static str,
    /// Cores per node; `CoreCount` = cores × `CurrentNodeCount`.
    pub(crate) cores: u32,
    /// Whether the size has GPUs (gpu-named clusters draw only these).
    pub(crate) gpu: bool,
}

/// §10.2 VM sizes with their weights.
pub(crate) const VM_SIZES: [VmSize; 9] = [
    VmSize {
        name: "STANDARD_D1_V2",
        weight: 0.15,
        family: "standardDv2Family",
        cores: 1,
        gpu: false,
    },
    VmSize {
        name: "STANDARD_DS3_V2",
        weight: 0.25,
        family: "standardDSv2Family",
        cores: 4,
        gpu: false,
    },
    VmSize {
        name: "STANDARD_D13_V2",
        weight: 0.10,
        family: "standardDv2Family",
        cores: 8,
        gpu: false,
    },
    VmSize {
        name: "STANDARD_E4DS_V4",
        weight: 0.10,
        family: "standardEDSv4Family",
        cores: 4,
        gpu: false,
    },
    VmSize {
        name: "STANDARD_NC6",
        weight: 0.10,
        family: "standardNCFamily",
        cores: 6,
        gpu: true,
    },
    VmSize {
        name: "STANDARD_NC24RS_V3",
        weight: 0.10,
        family: "standardNCSv3Family",
        cores: 24,
        gpu: true,
    },
    VmSize {
        name: "STANDARD_NC6S_V3",
        weight: 0.10,
        family: "standardNCSv3Family",
        cores: 6,
        gpu: true,
    },
    VmSize {
        name: "STANDARD_ND96ASR_V4",
        weight: 0.05,
        family: "standardNDASv4Family",
        cores: 96,
        gpu: true,
    },
    VmSize {
        name: "STANDARD_F4S_V2",
        weight: 0.05,
        family: "standardFSv2Family",
        cores: 4,
        gpu: false,
    },
];

/// Index of `STANDARD_D1_V2` in [`VM_SIZES`].
pub(crate) const VM_D1_V2: usize = 0;
/// Index of `STANDARD_ND96ASR_V4` in [`VM_SIZES`].
pub(crate) const VM_ND96ASR_V4: usize = 7;

/// `VmPriority` values [doc] and weights.
pub(crate) const VM_PRIORITIES: [(&str, f64); 2] = [("Dedicated", 0.8), ("LowPriority", 0.2)];
/// `ScalingType` values and weights.
pub(crate) const SCALING_TYPES: [(&str, f64); 2] = [("Auto", 0.9), ("Manual", 0.1)];
/// `NodeDeallocationOption` values; `Requeue` is the default, hence its weight.
pub(crate) const DEALLOCATION_OPTIONS: [(&str, f64); 3] = [
    ("Requeue", 0.8),
    ("TaskCompletion", 0.15),
    ("RetainedData", 0.05),
];
/// `CreationApiVersion` values.
pub(crate) const API_VERSIONS: [&str; 3] = ["2021-07-01", "2023-04-01", "2023-10-01"];
/// `CreatedBy` UPNs.
pub(crate) const CREATORS: [&str; 5] = [
    "alice@contoso.com",
    "bob@contoso.com",
    "carol@contoso.com",
    "dave@fabrikam.com",
    "erin@contoso.com",
];
/// `MaximumNodeCount` values of compute clusters.
pub(crate) const MAX_NODES: [u32; 6] = [1, 2, 4, 8, 16, 50];
/// `NodeIdleTimeSecondsBeforeScaleDown` values.
pub(crate) const IDLE_SECONDS: [u32; 3] = [120, 600, 1800];
/// `Publisher` [doc].
pub(crate) const PUBLISHER: &str = "microsoft-dsvm";
/// `Offer`.
pub(crate) const OFFER: &str = "ubuntu-hpc";
/// `Sku`.
pub(crate) const SKU: &str = "2004";
/// `Version`.
pub(crate) const IMAGE_VERSION: &str = "latest";
/// `ClusterErrorCodes` of failed resizes.
pub(crate) const CLUSTER_ERRORS: [&str; 3] = [
    "AllocationFailed",
    "QuotaExceeded;CoreQuotaReached",
    "{\"code\":\"OverconstrainedAllocationRequest\",\"target\":\"vmSize\"}",
];

/// `ToolType` values (after the BatchAI enum) and weights.
pub(crate) const TOOL_TYPES: [(&str, f64); 5] = [
    ("Custom", 0.7),
    ("TensorFlow", 0.1),
    ("PyTorch", 0.1),
    ("Horovod", 0.05),
    ("CustomMpi", 0.05),
];

/// Experiment names; each workspace takes five of them.
pub(crate) const EXPERIMENTS: [&str; 20] = [
    "churn-automl",
    "day1-experiment-hello",
    "fraud-detection",
    "image-classifier",
    "sentiment-bert",
    "demand-forecast",
    "credit-scoring-hd",
    "nyc-taxi-regression",
    "object-detection-yolo",
    "recommender-als",
    "anomaly-detector",
    "speech-to-text-ft",
    "price-elasticity",
    "doc-layout-lm",
    "energy-load-automl",
    "ctr-prediction",
    "defect-segmentation",
    "topic-model-lda",
    "llm-finetune-lora",
    "timeseries-prophet",
];

/// Adjectives of SDK v2 job names (`sincere_kiwi_z6k4h2mbq3`).
pub(crate) const ADJECTIVES: [&str; 12] = [
    "sincere", "brave", "quiet", "eager", "gentle", "lucid", "witty", "calm", "bold", "tidy",
    "zen", "keen",
];
/// Nouns of SDK v2 job names.
pub(crate) const NOUNS: [&str; 12] = [
    "kiwi", "mango", "otter", "falcon", "cactus", "lemon", "panda", "comet", "maple", "tiger",
    "plum", "heron",
];

/// Exception kinds of failed jobs' messages.
pub(crate) const EXCEPTIONS: [(&str, &str); 6] = [
    ("ModuleNotFoundError", "No module named 'torch_geometric'"),
    ("ValueError", "could not convert string to float: 'N/A'"),
    (
        "RuntimeError",
        "CUDA out of memory. Tried to allocate 2.00 GiB",
    ),
    ("KeyError", "\"label\""),
    (
        "FileNotFoundError",
        "[Errno 2] No such file or directory: '/mnt/azureml/data/train.csv'",
    ),
    ("UserError", "Compute target \"gpu-cluster\" is not ready"),
];
